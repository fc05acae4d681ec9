import type { Machine, TargetReport } from '../types.js';
import type { SandboxMachineView } from './cloud.js';

export const REFUSED_REASON = 'sandbox: machine refused to stop (configured with fails: true)';

export function toMachine(m: SandboxMachineView): Machine {
  return { id: m.id, name: m.name, status: m.status, stopped: m.status === 'STOPPED' };
}

export function notFound(id: string): TargetReport {
  return { id, state: 'failed', code: 'NotFound', reason: `sandbox: no machine with ID "${id}"` };
}

export function refused(id: string, status: string): TargetReport {
  return { id, state: 'failed', status, code: 'StopRefused', reason: REFUSED_REASON };
}

/** A machine's state as the sandbox sees it now: RUNNING means a stop is still needed. */
export function toReport(id: string, m: SandboxMachineView | undefined): TargetReport {
  if (!m) return notFound(id);
  if (m.status === 'STOPPED') return { id, state: 'stopped', status: m.status };
  if (m.status === 'RUNNING' && m.refused) return refused(id, m.status);
  return { id, state: m.status === 'RUNNING' ? 'running' : 'stopping', status: m.status };
}
