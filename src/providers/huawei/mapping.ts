import type { Machine, TargetReport } from '../types.js';
import type { ServerDetail } from './wire.js';

/**
 * ECS server status to our words (spec §4). "Stopped" is status SHUTOFF with no task
 * state; a server that is powering off still says ACTIVE.
 */

export type Phase = 'missing' | 'stopped' | 'stopping' | 'starting' | 'running' | 'busy' | 'broken';

/** Powered off: needs no stop call. */
const OFF = new Set(['SHUTOFF', 'SHELVED', 'SHELVED_OFFLOADED']);
/** Will not come to a stop by itself. */
const BROKEN = new Set(['ERROR', 'DELETED', 'SOFT_DELETED']);

/** An unknown ID comes back with every field null except `id` and `fault`. */
export function isMissing(d: ServerDetail): boolean {
  return d.status === null && d.name === null;
}

export function phaseOf(d: ServerDetail): Phase {
  if (isMissing(d)) return 'missing';
  const status = d.status ?? 'UNKNOWN';
  if (BROKEN.has(status)) return 'broken';
  if (OFF.has(status) && d.taskState === null) return 'stopped';
  if (d.taskState === 'powering-off') return 'stopping';
  if (d.taskState === 'powering-on') return 'starting';
  if (status === 'ACTIVE' && d.taskState === null) return 'running';
  return 'busy';
}

/** The status word shown to people, with the task state when there is one: `ACTIVE (powering-off)`. */
export function statusText(d: ServerDetail): string {
  const status = d.status ?? 'UNKNOWN';
  return d.taskState ? `${status} (${d.taskState})` : status;
}

export function toMachine(d: ServerDetail): Machine {
  const m: Machine = {
    id: d.id,
    name: d.name ?? d.id,
    status: statusText(d),
    stopped: phaseOf(d) === 'stopped',
  };
  if (d.tags) m.tags = d.tags;
  return m;
}

function brokenReason(d: ServerDetail): string {
  if (d.status === 'ERROR')
    return `server is in ERROR state${d.fault?.message ? `: ${d.fault.message}` : ''}`;
  return `server is ${d.status ?? 'gone'}; it cannot be stopped or started`;
}

/**
 * What the server's status alone says: ACTIVE with no task is `running` (a stop is
 * still needed); other transitional states (powering-off, REBOOT, RESIZE…) are
 * `stopping`, with their status word.
 */
export function toReport(d: ServerDetail): TargetReport {
  const phase = phaseOf(d);
  const status = statusText(d);
  switch (phase) {
    case 'missing':
      return { id: d.id, state: 'failed', code: 'NOT_FOUND', reason: 'server not found (deleted?)' };
    case 'stopped':
      return { id: d.id, state: 'stopped', status };
    case 'broken':
      return { id: d.id, state: 'failed', status, code: d.status ?? 'UNKNOWN', reason: brokenReason(d) };
    case 'running':
      return { id: d.id, state: 'running', status };
    case 'starting':
      return { id: d.id, state: 'starting', status };
    default:
      return { id: d.id, state: 'stopping', status };
  }
}

/** A stop is under way or done: no new stop call is needed. */
export function stopTookHold(d: ServerDetail): boolean {
  const phase = phaseOf(d);
  return phase === 'stopped' || phase === 'stopping';
}

/** A start is under way or done (SHUTOFF powering-on, or ACTIVE): no new start call is needed. */
export function startTookHold(d: ServerDetail): boolean {
  const phase = phaseOf(d);
  return phase === 'running' || phase === 'starting';
}
