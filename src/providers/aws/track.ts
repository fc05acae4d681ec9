import { judgeDoubts } from '../doubts.js';
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

/**
 * Tracking is by state alone (DescribeInstances until `stopped`, or `running`
 * for a start), with the doubts of `../doubts.ts`.
 */
export async function trackIds(
  calls: Ec2Calls,
  ids: readonly string[],
  tracking: TrackingState,
): Promise<TrackResult> {
  const reports = await statusReports(calls, ids, operationOf(tracking));
  return judgeDoubts(tracking, reports, new Set(reports.map((r) => r.id)));
}
