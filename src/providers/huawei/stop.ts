import { describeError, isProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import { mapLimit } from '../../lib/map-limit.js';
import { backoffDelay } from '../retry.js';
import type { Machine, Operation, StopMode, StopResult, TargetReport } from '../types.js';
import { STOP_BATCH_LIMIT } from './client.js';
import { type HuaweiContext, READ_CONCURRENCY, readDetails } from './context.js';
import { stopOutcomeUnknown } from './errors.js';
import { phaseOf, startTookHold, stopTookHold, toReport } from './mapping.js';
import { emptyTracking, type Tracking, toTrackingState } from './tracking.js';

/** Refusals that concern some servers of the batch: read their status, then retry the rest. */
const PER_SERVER_REFUSALS = new Set(['Ecs.0100', 'Ecs.0114', 'Ecs.0614']);

interface ChunkOutcome {
  tracking: Tracking;
  reports: TargetReport[];
}

/** One batch action: BatchStopServers (with its mode) or BatchStartServers. */
interface Action {
  op: Operation;
  send(ctx: HuaweiContext, ids: readonly string[]): Promise<{ jobId: string }>;
}

function failed(ids: readonly string[], err: unknown, prefix = ''): TargetReport[] {
  const code = isProviderError(err) ? err.providerCode : 'ERROR';
  return ids.map((id) => ({ id, state: 'failed' as const, code, reason: `${prefix}${describeError(err)}` }));
}

/**
 * Sorts servers by what their status says after a call that failed: the action under
 * way or done (follow by status), gone or broken (report), or still to do (returned).
 */
async function settleByStatus(
  ctx: HuaweiContext,
  op: Operation,
  ids: readonly string[],
  out: ChunkOutcome,
): Promise<string[]> {
  const details = await readDetails(ctx, ids);
  const running: string[] = [];
  const tookHold = op === 'start' ? startTookHold : stopTookHold;
  for (const id of ids) {
    const d = details.get(id);
    if (!d) continue;
    if (tookHold(d)) out.tracking.byStatus.push(id);
    else if (phaseOf(d) === 'missing' || phaseOf(d) === 'broken') out.reports.push(toReport(d));
    else running.push(id);
  }
  return running;
}

/**
 * One BatchStopServers (or BatchStartServers) chunk. Throttling is retried inside
 * `ctx.retry`. A call that may have acted (no answer, 5xx) is never blindly repeated:
 * the servers' status decides which still need the call, and only those are sent
 * again, within the policy.
 */
async function actChunk(ctx: HuaweiContext, ids: readonly string[], action: Action, out: ChunkOutcome) {
  let remaining = [...ids];
  let lastError: unknown;
  for (let attempt = 0; attempt <= ctx.policy.retries && remaining.length > 0; attempt++) {
    try {
      const sending = remaining;
      const { jobId } = await ctx.retry(() => action.send(ctx, sending));
      out.tracking.jobs.push({ jobId, ids: remaining });
      return;
    } catch (err) {
      lastError = err;
      const unknown = stopOutcomeUnknown(err);
      const perServer = isProviderError(err) && PER_SERVER_REFUSALS.has(err.providerCode);
      if (!unknown && !perServer) {
        out.reports.push(...failed(remaining, err));
        return;
      }
      if (unknown) await ctx.clock.sleep(backoffDelay(ctx.policy, attempt, ctx.random));
      let running: string[];
      try {
        running = await settleByStatus(ctx, action.op, remaining, out);
      } catch (_statusError) {
        // Cannot tell whether the stop acted: follow by status rather than risk a second stop.
        if (!unknown) out.reports.push(...failed(remaining, err));
        else out.tracking.byStatus.push(...remaining);
        return;
      }
      if (perServer && running.length === remaining.length) {
        out.reports.push(...failed(running, err));
        return;
      }
      remaining = running;
    }
  }
  if (remaining.length > 0) out.reports.push(...failed(remaining, lastError, `${action.op} not confirmed: `));
}

async function actOnServers(ctx: HuaweiContext, machines: readonly Machine[], action: Action) {
  const ids = [...new Set(machines.map((m) => m.id))];
  // Chunks hold different servers, so they go side by side; results are merged in chunk order.
  const parts = await mapLimit(chunk(ids, STOP_BATCH_LIMIT), READ_CONCURRENCY, async (part) => {
    const own: ChunkOutcome = { tracking: emptyTracking(action.op), reports: [] };
    await actChunk(ctx, part, action, own);
    return own;
  });
  const out: ChunkOutcome = { tracking: emptyTracking(action.op), reports: [] };
  for (const p of parts) {
    out.reports.push(...p.reports);
    out.tracking.jobs.push(...p.tracking.jobs);
    out.tracking.byStatus.push(...p.tracking.byStatus);
    out.tracking.failures.push(...p.tracking.failures);
  }
  const result: StopResult = { reports: out.reports, tracking: toTrackingState(out.tracking) };
  return result;
}

export const stopServers = (ctx: HuaweiContext, machines: readonly Machine[], mode: StopMode) =>
  actOnServers(ctx, machines, { op: 'stop', send: (c, ids) => c.client.batchStop(ids, mode) });

/**
 * BatchStartServers (`os-start`, ≤1000 a call). A server already ACTIVE fails its
 * sub-job (Ecs.0100); tracking then reads it ACTIVE and reports it running.
 */
export const startServers = (ctx: HuaweiContext, machines: readonly Machine[]) =>
  actOnServers(ctx, machines, { op: 'start', send: (c, ids) => c.client.batchStart(ids) });
