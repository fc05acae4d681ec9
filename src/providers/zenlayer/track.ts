import { chunk } from '../../lib/chunk.js';
import { mapLimit } from '../../lib/map-limit.js';
import { judgeDoubts } from '../doubts.js';
import {
  type Operation,
  operationOf,
  type TargetReport,
  type TrackingState,
  type TrackResult,
} from '../types.js';
import type { ZenlayerClient } from './client.js';
import { DESCRIBE_CONCURRENCY, describeIds, IDS_PER_DESCRIBE } from './describe.js';
import { type BmcInstance, toReport } from './mapping.js';

/** Current reports for these IDs, as read for `op`; throws only when no status could be read at all. */
export async function describeReports(
  client: ZenlayerClient,
  ids: readonly string[],
  op: Operation | 'status',
): Promise<{ reports: TargetReport[]; read: Set<string> }> {
  const parts = chunk([...new Set(ids)], IDS_PER_DESCRIBE);
  type ChunkResult = { part: string[]; found: Map<string, BmcInstance> } | { part: string[]; error: unknown };
  const results = await mapLimit(parts, DESCRIBE_CONCURRENCY, async (part): Promise<ChunkResult> => {
    try {
      return { part, found: await describeIds(client, part) };
    } catch (error) {
      return { part, error };
    }
  });
  const reports: TargetReport[] = [];
  const read = new Set<string>();
  for (const r of results) {
    if (!('found' in r)) continue;
    for (const id of r.part) {
      read.add(id);
      reports.push(toReport(id, r.found.get(id), op));
    }
  }
  const firstFailure = results.find((r) => 'error' in r);
  if (firstFailure && read.size === 0) throw firstFailure.error;
  return { reports, read };
}

/**
 * Tracking is by status alone, with the doubts of `../doubts.ts`; a report
 * without a status word is named by the state the call would have left.
 */
export async function trackIds(
  client: ZenlayerClient,
  ids: readonly string[],
  tracking: TrackingState,
): Promise<TrackResult> {
  const op = operationOf(tracking);
  const { reports, read } = await describeReports(client, ids, op);
  return judgeDoubts(tracking, reports, read, op === 'start' ? 'STOPPED' : 'RUNNING');
}
