import { chunk } from '../../lib/chunk.js';
import { mapLimit } from '../../lib/map-limit.js';
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

/** A stop whose effect could not be confirmed: the call failed ambiguously and so did the status check. */
export interface Doubt {
  id: string;
  reason: string;
}

/**
 * Tracking is by status alone. The state kept is the operation (`op: 'start'` for
 * a start; absent = a stop) and a list of doubts (a list, so that states from
 * several attempts concatenate), so that such a machine still RUNNING (for a
 * start: still STOPPED) is reported failed instead of waited on.
 */
export interface ZenlayerTracking {
  op?: 'start';
  unconfirmed?: Doubt[];
}

/** The tracking state for an operation and its doubts. */
export function writeTracking(op: Operation, doubts: readonly Doubt[]): TrackingState {
  const state: ZenlayerTracking = op === 'start' ? { op } : {};
  if (doubts.length > 0) state.unconfirmed = [...doubts];
  return { ...state };
}

const isDoubt = (d: unknown): d is Doubt =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as Doubt).id === 'string' &&
  typeof (d as Doubt).reason === 'string';

export function readDoubts(tracking: TrackingState): Map<string, string> {
  const raw = (tracking as ZenlayerTracking).unconfirmed;
  const list = Array.isArray(raw) ? raw.filter(isDoubt) : [];
  return new Map(list.map((d) => [d.id, d.reason]));
}

/** Current reports for these IDs; throws only when no status could be read at all. */
export async function describeReports(
  client: ZenlayerClient,
  ids: readonly string[],
  op: Operation | 'status' = 'stop',
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

export async function trackIds(
  client: ZenlayerClient,
  ids: readonly string[],
  tracking: TrackingState,
): Promise<TrackResult> {
  const op = operationOf(tracking);
  const doubts = readDoubts(tracking);
  const { reports, read } = await describeReports(client, ids, op);
  // The state in which a doubtful call evidently did not act.
  const unmoved = op === 'start' ? 'stopped' : 'running';
  const out = reports.map((r): TargetReport => {
    const why = doubts.get(r.id);
    if (!why || r.state !== unmoved) return r;
    return {
      ...r,
      state: 'failed',
      code: op === 'start' ? 'START_UNCONFIRMED' : 'STOP_UNCONFIRMED',
      reason: `${why}; the instance is still ${r.status ?? unmoved.toUpperCase()}`,
    };
  });
  // Keep only doubts about machines not read this round.
  const left = [...doubts].filter(([id]) => !read.has(id)).map(([id, reason]) => ({ id, reason }));
  return { reports: out, tracking: writeTracking(op, left) };
}
