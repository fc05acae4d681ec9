import type { TargetOutcome } from '../../approvals/types.js';
import { formatDuration } from '../../config/duration.js';
import type { Machine } from '../../domain/types.js';
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
    case 'failed':
      return `${icon} ${machineLabel(m)} failed: ${cloudText(cleanCloudText(o?.reason ?? 'no reason given'))}`;
    case 'timed_out':
      return `${icon} ${machineLabel(m)} timed out${took}, last status ${cloudText(o?.status ?? 'unknown')}`;
    default:
      return `${icon} ${machineLabel(m)} ${state}${o?.status ? ` (${cloudText(o.status)})` : ''}`;
  }
}

export interface Tally {
  total: number;
  stopped: number;
  failed: number;
  timedOut: number;
  inFlight: number;
}

export function tally(targets: readonly Machine[], outcomes: Readonly<Record<string, TargetOutcome>>): Tally {
  const t: Tally = { total: targets.length, stopped: 0, failed: 0, timedOut: 0, inFlight: 0 };
  for (const m of targets) {
    const s = outcomes[m.id]?.state ?? 'pending';
    if (s === 'stopped') t.stopped++;
    else if (s === 'failed') t.failed++;
    else if (s === 'timed_out') t.timedOut++;
    else t.inFlight++;
  }
  return t;
}

export function tallyText(t: Tally): string {
  const parts = [`${t.stopped}/${t.total} stopped`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.timedOut) parts.push(`${t.timedOut} timed out`);
  if (t.inFlight) parts.push(`${t.inFlight} in progress`);
  return parts.join(' · ');
}
