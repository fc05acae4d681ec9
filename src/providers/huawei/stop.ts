import { describeError, isProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import { mapLimit } from '../../lib/map-limit.js';
import { backoffDelay } from '../retry.js';
import type { Machine, StopMode, StopResult, TargetReport } from '../types.js';
import { STOP_BATCH_LIMIT } from './client.js';
import { type HuaweiContext, READ_CONCURRENCY, readDetails } from './context.js';
import { stopOutcomeUnknown } from './errors.js';
import { phaseOf, stopTookHold, toReport } from './mapping.js';
import { emptyTracking, type Tracking, toTrackingState } from './tracking.js';

/** Refusals that concern some servers of the batch: read their status, then retry the rest. */
const PER_SERVER_REFUSALS = new Set(['Ecs.0100', 'Ecs.0114', 'Ecs.0614']);

interface ChunkOutcome {
  tracking: Tracking;
  reports: TargetReport[];
}

function failed(ids: readonly string[], err: unknown, prefix = ''): TargetReport[] {
  const code = isProviderError(err) ? err.providerCode : 'ERROR';
  return ids.map((id) => ({ id, state: 'failed' as const, code, reason: `${prefix}${describeError(err)}` }));
}

/**
 * Sorts servers by what their status says after a stop call that failed: stop under
 * way or done (follow by status), gone or broken (report), or still running (returned).
 */
async function settleByStatus(
  ctx: HuaweiContext,
  ids: readonly string[],
  out: ChunkOutcome,
): Promise<string[]> {
  const details = await readDetails(ctx, ids);
  const running: string[] = [];
  for (const id of ids) {
    const d = details.get(id);
    if (!d) continue;
    if (stopTookHold(d)) out.tracking.byStatus.push(id);
    else if (phaseOf(d) === 'missing' || phaseOf(d) === 'broken') out.reports.push(toReport(d));
    else running.push(id);
  }
  return running;
}

/**
 * One BatchStopServers chunk. Throttling is retried inside `ctx.retry`. A call that
 * may have acted (no answer, 5xx) is never blindly repeated: the servers' status
 * decides which still need a stop, and only those are sent again, within the policy.
 */
async function stopChunk(ctx: HuaweiContext, ids: readonly string[], mode: StopMode, out: ChunkOutcome) {
  let remaining = [...ids];
  let lastError: unknown;
  for (let attempt = 0; attempt <= ctx.policy.retries && remaining.length > 0; attempt++) {
    try {
      const { jobId } = await ctx.retry(() => ctx.client.batchStop(remaining, mode));
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
        running = await settleByStatus(ctx, remaining, out);
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
  if (remaining.length > 0) out.reports.push(...failed(remaining, lastError, 'stop not confirmed: '));
}

export async function stopServers(ctx: HuaweiContext, machines: readonly Machine[], mode: StopMode) {
  const ids = [...new Set(machines.map((m) => m.id))];
  // Chunks hold different servers, so they go side by side; results are merged in chunk order.
  const parts = await mapLimit(chunk(ids, STOP_BATCH_LIMIT), READ_CONCURRENCY, async (part) => {
    const own: ChunkOutcome = { tracking: emptyTracking(), reports: [] };
    await stopChunk(ctx, part, mode, own);
    return own;
  });
  const out: ChunkOutcome = { tracking: emptyTracking(), reports: [] };
  for (const p of parts) {
    out.reports.push(...p.reports);
    out.tracking.jobs.push(...p.tracking.jobs);
    out.tracking.byStatus.push(...p.tracking.byStatus);
    out.tracking.failures.push(...p.tracking.failures);
  }
  const result: StopResult = { reports: out.reports, tracking: toTrackingState(out.tracking) };
  return result;
}
