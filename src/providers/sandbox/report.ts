import type { Machine, TargetReport } from '../types.js';
import type { SandboxMachineView } from './cloud.js';

export const REFUSED_REASON = 'sandbox: machine refused to stop (configured with fails: true)';
export const REFUSED_START_REASON = 'sandbox: machine refused to start (configured with failsStart: true)';

export function toMachine(m: SandboxMachineView): Machine {
  const machine: Machine = { id: m.id, name: m.name, status: m.status, stopped: m.status === 'STOPPED' };
  if (Object.keys(m.tags).length > 0) machine.tags = { ...m.tags };
  return machine;
}

export function notFound(id: string): TargetReport {
  return { id, state: 'failed', code: 'NotFound', reason: `sandbox: no machine with ID "${id}"` };
}

export function refused(id: string, status: string): TargetReport {
  return { id, state: 'failed', status, code: 'StopRefused', reason: REFUSED_REASON };
}

export function refusedStart(id: string, status: string): TargetReport {
  const reason =
    status === 'STOPPING'
      ? 'sandbox: machine is still stopping; start it once stopped'
      : REFUSED_START_REASON;
  return { id, state: 'failed', status, code: 'StartRefused', reason };
}

const STATES = {
  RUNNING: 'running',
  STOPPING: 'stopping',
  STOPPED: 'stopped',
  STARTING: 'starting',
} as const;

/**
 * A machine's state as the sandbox sees it now: RUNNING means a stop is still
 * needed (or a start is done); one that refused a stop (start) and stayed RUNNING
 * (STOPPED) is failed.
 */
export function toReport(id: string, m: SandboxMachineView | undefined): TargetReport {
  if (!m) return notFound(id);
  if (m.status === 'RUNNING' && m.refused) return refused(id, m.status);
  if (m.status === 'STOPPED' && m.refusedStart) return refusedStart(id, m.status);
  return { id, state: STATES[m.status], status: m.status };
}
