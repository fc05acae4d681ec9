import {
  type Operation,
  operationOf,
  type TargetReport,
  type TrackingState,
  type TrackResult,
} from '../types.js';
import type { Ec2Calls } from './client.js';
import { describeIds } from './describe.js';
import { toReport } from './mapping.js';

/** A stop (start) whose effect could not be confirmed: the call failed with no answer and so did the status check. */
export interface Doubt {
  id: string;
  reason: string;
}

/**
 * Tracking is by state alone (DescribeInstances until `stopped`, or `running`
 * for a start). The state kept is the operation (`op: 'start'`; absent = a stop)
 * and a list of doubts, so that such an instance still running (for a start:
 * still stopped) is reported failed instead of waited on until the timeout.
 */
export interface AwsTracking {
  op?: 'start';
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

/** The tracking state for an operation and its doubts. */
export function trackingOf(op: Operation, unconfirmed: readonly Doubt[]): TrackingState {
  const state: AwsTracking = op === 'start' ? { op } : {};
  if (unconfirmed.length > 0) state.unconfirmed = [...unconfirmed];
  return { ...state };
}

/** Current reports for these IDs (as read for `op`), in filtered, paged calls. */
export async function statusReports(
  calls: Ec2Calls,
  ids: readonly string[],
  op: Operation | 'status' = 'status',
): Promise<TargetReport[]> {
  const unique = [...new Set(ids)];
  const found = await describeIds(calls, unique);
  return unique.map((id) => toReport(id, found.get(id), op));
}

export async function trackIds(
  calls: Ec2Calls,
  ids: readonly string[],
  tracking: TrackingState,
): Promise<TrackResult> {
  const op = operationOf(tracking);
  const doubts = readDoubts(tracking);
  // The state in which a doubtful call evidently did not act.
  const unmoved = op === 'start' ? 'stopped' : 'running';
  const reports = (await statusReports(calls, ids, op)).map((r): TargetReport => {
    const why = doubts.get(r.id);
    if (!why || r.state !== unmoved) return r;
    return {
      ...r,
      state: 'failed',
      code: op === 'start' ? 'START_UNCONFIRMED' : 'STOP_UNCONFIRMED',
      reason: `${why}; the instance is still ${r.status}`,
    };
  });
  const read = new Set(reports.map((r) => r.id));
  const left = [...doubts].filter(([id]) => !read.has(id)).map(([id, reason]) => ({ id, reason }));
  return { reports, tracking: trackingOf(op, left) };
}
