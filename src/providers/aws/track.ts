import type { TargetReport, TrackingState, TrackResult } from '../types.js';
import type { Ec2Calls } from './client.js';
import { describeIds } from './describe.js';
import { toReport } from './mapping.js';

/** A stop whose effect could not be confirmed: the call failed with no answer and so did the status check. */
export interface Doubt {
  id: string;
  reason: string;
}

/**
 * Tracking is by state alone (DescribeInstances until `stopped`). The only state
 * kept is a list of doubts, so that such an instance still running is reported
 * failed instead of waited on until the timeout.
 */
export interface AwsTracking {
  unconfirmed?: Doubt[];
}

const isDoubt = (d: unknown): d is Doubt =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as Doubt).id === 'string' &&
  typeof (d as Doubt).reason === 'string';

export function readDoubts(tracking: TrackingState): Map<string, string> {
  const raw = (tracking as AwsTracking).unconfirmed;
  const list = Array.isArray(raw) ? raw.filter(isDoubt) : [];
  return new Map(list.map((d) => [d.id, d.reason]));
}

export const trackingOf = (unconfirmed: Doubt[]): TrackingState =>
  unconfirmed.length > 0 ? { unconfirmed } : {};

/** Current reports for these IDs, read in filtered, paged calls. */
export async function statusReports(calls: Ec2Calls, ids: readonly string[]): Promise<TargetReport[]> {
  const unique = [...new Set(ids)];
  const found = await describeIds(calls, unique);
  return unique.map((id) => toReport(id, found.get(id)));
}

export async function trackIds(
  calls: Ec2Calls,
  ids: readonly string[],
  tracking: TrackingState,
): Promise<TrackResult> {
  const doubts = readDoubts(tracking);
  const reports = (await statusReports(calls, ids)).map((r): TargetReport => {
    const why = doubts.get(r.id);
    if (!why || r.state !== 'running') return r;
    return {
      ...r,
      state: 'failed',
      code: 'STOP_UNCONFIRMED',
      reason: `${why}; the instance is still ${r.status}`,
    };
  });
  const read = new Set(reports.map((r) => r.id));
  const left = [...doubts].filter(([id]) => !read.has(id)).map(([id, reason]) => ({ id, reason }));
  return { reports, tracking: trackingOf(left) };
}
