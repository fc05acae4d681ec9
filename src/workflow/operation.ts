import { type OutcomeState, operationOfRequest, type StopRequest } from '../approvals/types.js';
import type { Machine, Operation, Provider, StopResult, TargetState } from '../providers/types.js';

/**
 * What differs between running a stop request and a start request (the undo
 * of a stop): everything else — claims, retries, tracking, timeouts, the
 * summary — is the same work.
 */
export interface OperationRules {
  op: Operation;
  /** The outcome while the cloud works on it. */
  moving: 'stopping' | 'starting';
  /** The outcome of success. */
  end: 'stopped' | 'running';
  /** A machine read in this state needs no (further) call: the operation has it. */
  underWay(state: TargetState): boolean;
  /** A provider report's state, as an outcome of this operation. */
  outcomeOf(state: TargetState): OutcomeState;
  /** The cloud call, in as few calls as the provider allows. */
  call(provider: Provider, machines: readonly Machine[], request: StopRequest): Promise<StopResult>;
  /** Plain words for the reason of a timeout. */
  noun: 'stop' | 'start';
}

const STOP: OperationRules = {
  op: 'stop',
  moving: 'stopping',
  end: 'stopped',
  underWay: (s) => s === 'stopped' || s === 'stopping',
  // Running (or on its way up) while tracking a stop means it has not taken hold yet: still in flight.
  outcomeOf: (s) => (s === 'running' || s === 'starting' ? 'stopping' : s),
  call: (provider, machines, request) => provider.stop(machines, request.mode),
  noun: 'stop',
};

const START: OperationRules = {
  op: 'start',
  moving: 'starting',
  end: 'running',
  underWay: (s) => s === 'running' || s === 'starting',
  // Still down (or going down) while tracking a start means it has not taken hold yet.
  outcomeOf: (s) => (s === 'stopped' || s === 'stopping' ? 'starting' : s),
  call: (provider, machines) => provider.start(machines),
  noun: 'start',
};

export function rulesFor(request: Pick<StopRequest, 'operation'>): OperationRules {
  return operationOfRequest(request) === 'start' ? START : STOP;
}
