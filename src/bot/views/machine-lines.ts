import type { TargetOutcome } from '../../approvals/types.js';
import { formatDuration } from '../../config/duration.js';
import type { Machine, Operation } from '../../domain/types.js';
import { cleanCloudText } from '../../lib/clean-cloud-text.js';
import { cloudText, codeText } from './text.js';

/** "`name` (id)": both came from the cloud, so neither may leave the code span or restyle the line. */
export function machineLabel(m: Machine): string {
  const name = codeText(m.name);
  return m.name === m.id ? `\`${name}\`` : `\`${name}\` (${cloudText(m.id)})`;
}

const ICONS: Record<TargetOutcome['state'], string> = {
  pending: '⏳',
  submitting: '⏳',
  stopping: '🔄',
  stopped: '✅',
  starting: '🔄',
  running: '✅',
  failed: '❌',
  timed_out: '⏱️',
};

/** "✅ `srv-1` (id) stopped in 42s" and friends. */
export function outcomeLine(m: Machine, o: TargetOutcome | undefined, since: number | undefined): string {
  const state = o?.state ?? 'pending';
  const icon = ICONS[state];
  const took = since !== undefined && o ? ` in ${formatDuration(o.at - since)}` : '';
  switch (state) {
    case 'stopped':
      return `${icon} ${machineLabel(m)} stopped${took}`;
    case 'running':
      return `${icon} ${machineLabel(m)} running again${took}`;
    case 'failed':
      return `${icon} ${machineLabel(m)} failed: ${cloudText(cleanCloudText(o?.reason ?? 'no reason given'))}`;
    case 'timed_out':
      return `${icon} ${machineLabel(m)} timed out${took}, last status ${cloudText(o?.status ?? 'unknown')}`;
    default:
      return `${icon} ${machineLabel(m)} ${state}${o?.status ? ` (${cloudText(o.status)})` : ''}`;
  }
}

export interface Tally {
  op: Operation;
  total: number;
  /** Targets at the operation's end: stopped (for a stop) or running (for a start). */
  done: number;
  failed: number;
  timedOut: number;
  inFlight: number;
}

export function tally(
  targets: readonly Machine[],
  outcomes: Readonly<Record<string, TargetOutcome>>,
  op: Operation = 'stop',
): Tally {
  const t: Tally = { op, total: targets.length, done: 0, failed: 0, timedOut: 0, inFlight: 0 };
  const end = op === 'start' ? 'running' : 'stopped';
  for (const m of targets) {
    const s = outcomes[m.id]?.state ?? 'pending';
    if (s === end) t.done++;
    else if (s === 'failed') t.failed++;
    else if (s === 'timed_out') t.timedOut++;
    else t.inFlight++;
  }
  return t;
}

export function tallyText(t: Tally): string {
  const parts = [`${t.done}/${t.total} ${t.op === 'start' ? 'running' : 'stopped'}`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.timedOut) parts.push(`${t.timedOut} timed out`);
  if (t.inFlight) parts.push(`${t.inFlight} in progress`);
  return parts.join(' · ');
}
