import {
  type Operation,
  operationOf,
  type TargetReport,
  type TrackingState,
  type TrackResult,
} from './types.js';

/** A stop (start) whose effect could not be confirmed: the call failed with no answer and so did the status check. */
export interface Doubt {
  id: string;
  reason: string;
}

/**
 * Tracking state of a provider tracked by state alone: the operation (`op: 'start'`;
 * absent = a stop) and a list of doubts (a list, so that states from several
 * attempts concatenate), so that a machine still running (for a start: still
 * stopped) is reported failed instead of waited on until the timeout.
 */
export interface DoubtTracking {
  op?: 'start';
  unconfirmed?: Doubt[];
}

const isDoubt = (d: unknown): d is Doubt =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as Doubt).id === 'string' &&
  typeof (d as Doubt).reason === 'string';

export function readDoubts(tracking: TrackingState): Map<string, string> {
  const raw = (tracking as DoubtTracking).unconfirmed;
  const list = Array.isArray(raw) ? raw.filter(isDoubt) : [];
  return new Map(list.map((d) => [d.id, d.reason]));
}

/** The tracking state for an operation and its doubts. */
export function trackingOf(op: Operation, unconfirmed: readonly Doubt[]): TrackingState {
  const state: DoubtTracking = op === 'start' ? { op } : {};
  if (unconfirmed.length > 0) state.unconfirmed = [...unconfirmed];
  return { ...state };
}

/**
 * One tracking round over `reports` (the machines whose state was `read`): a
 * doubtful machine still in the state the operation would have left is failed;
 * doubts about machines not read are kept for the next round. `statusFallback`
 * names the state when a report carries no status word.
 */
export function judgeDoubts(
  tracking: TrackingState,
  reports: readonly TargetReport[],
  read: ReadonlySet<string>,
  statusFallback?: string,
): TrackResult {
  const op = operationOf(tracking);
  const doubts = readDoubts(tracking);
  // The state in which a doubtful call evidently did not act.
  const unmoved = op === 'start' ? 'stopped' : 'running';
  const out = reports.map((r): TargetReport => {
    const why = doubts.get(r.id);
    if (!why || r.state !== unmoved) return r;
    return {
      ...r,
      state: 'failed',
      code: op === 'start' ? 'START_UNCONFIRMED' : 'STOP_UNCONFIRMED',
      reason: `${why}; the instance is still ${r.status ?? statusFallback}`,
    };
  });
  const left = [...doubts].filter(([id]) => !read.has(id)).map(([id, reason]) => ({ id, reason }));
  return { reports: out, tracking: trackingOf(op, left) };
}
