import type { Instance } from '@aws-sdk/client-ec2';
import type { Operation, StopMode, TargetReport } from '../types.js';
import type { Ec2Calls } from './client.js';
import { stateOf, toReport } from './mapping.js';

/** Where a described instance stands for an action: still needs the call, on its way, or settled. */
export type Standing = { kind: 'todo' } | { kind: 'moving' } | { kind: 'settled'; report: TargetReport };

/** What differs between the state-changing calls: StopInstances, and StartInstances for an undo. */
export interface ActionSpec {
  /** Which operation (also the word used in reasons: "stop refused: …"). */
  verb: Operation;
  operation: 'StopInstances' | 'StartInstances';
  /** Send the call; the answer's current state name per instance. */
  send(calls: Ec2Calls, ids: string[]): Promise<Map<string, string | undefined>>;
  /** A current state in the answer that already means done, and the report for it. */
  doneState: string;
  done(id: string): TargetReport;
  /** States IncorrectInstanceState is about for this call: reported failed at once, never sent again. */
  blockedStates: readonly string[];
  standing(id: string, found: Instance | undefined): Standing;
}

/** StopInstances; HARD is `Force=true` (no wait for the OS; a file-system check is advised after). */
export function stopSpec(mode: StopMode): ActionSpec {
  return {
    verb: 'stop',
    operation: 'StopInstances',
    async send(calls, ids) {
      const res = await calls.stop({ InstanceIds: ids, Force: mode === 'HARD' || undefined });
      return new Map((res.StoppingInstances ?? []).map((s) => [s.InstanceId ?? '', s.CurrentState?.Name]));
    },
    doneState: 'stopped',
    done: (id) => ({ id, state: 'stopped', status: 'stopped' }),
    blockedStates: ['pending'],
    standing(id, found) {
      const report = toReport(id, found);
      if (report.state === 'running') return { kind: 'todo' };
      if (report.state === 'stopping') return { kind: 'moving' };
      return { kind: 'settled', report };
    },
  };
}

/**
 * StartInstances: only a stopped instance needs it; one already running is done,
 * one pending is on its way, one stopping (or being deleted) fails with a reason.
 */
export function startSpec(): ActionSpec {
  return {
    verb: 'start',
    operation: 'StartInstances',
    async send(calls, ids) {
      const res = await calls.start({ InstanceIds: ids });
      return new Map((res.StartingInstances ?? []).map((s) => [s.InstanceId ?? '', s.CurrentState?.Name]));
    },
    doneState: 'running',
    done: (id) => ({ id, state: 'running', status: 'running' }),
    // A stopping instance is settled (failed, with the reason) by its standing.
    blockedStates: [],
    standing(id, found) {
      const report = toReport(id, found, 'start');
      if (report.state === 'stopped') return { kind: 'todo' };
      if (report.state === 'starting') return { kind: 'moving' };
      return { kind: 'settled', report };
    },
  };
}

export const stateName = (found: Instance | undefined): string | undefined =>
  found ? stateOf(found) : undefined;
