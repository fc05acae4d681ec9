import { describeError, isProviderError, type ProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import type { Clock } from '../../lib/clock.js';
import { mapLimit } from '../../lib/map-limit.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import type { TargetReport } from '../types.js';
import type { ZenlayerClient } from './client.js';
import { describeIds } from './describe.js';
import { type BmcInstance, statusOf, toReport } from './mapping.js';
import { mayHaveActed } from './parse-response.js';
import type { Doubt } from './track.js';

export const IDS_PER_STOP = 100;
/** StopInstances calls in flight at once (distinct instances each; 429 is retried with backoff). */
const STOP_CONCURRENCY = 4;

export interface StopContext {
  client: ZenlayerClient;
  clock: Clock;
  policy: RetryPolicy;
  random: () => number;
}

/** What the stop calls settled, what is on its way, and stops whose effect is unknown. */
export interface StopOutcome {
  reports: TargetReport[];
  pending: string[];
  /** Stops we cannot tell were carried out, and why. */
  unconfirmed: Doubt[];
}

/** A refusal naming an instance problem (e.g. not found, not running), as opposed to the call itself. */
const refusesAnInstance = (err: ProviderError): boolean =>
  /INSTANCE|RESOURCE_NOT_FOUND/.test(err.providerCode);
/** Refusals a status read can explain; others (e.g. OPERATION_DENIED_INSTANCE_STATUS) it cannot. */
const explainedByStatus = (err: ProviderError): boolean =>
  /NOT_RUNNING|RECYCLED|NOT_FOUND/.test(err.providerCode);

const failedWith = (id: string, err: unknown, status?: string): TargetReport => ({
  id,
  state: 'failed',
  status,
  code: isProviderError(err) ? err.providerCode : undefined,
  reason: `stop refused: ${describeError(err)}`,
});

/** Sort described machines: RUNNING ones are returned, the rest settled by their status. */
function settleNonRunning(ids: string[], found: Map<string, BmcInstance>, out: StopOutcome): string[] {
  const running: string[] = [];
  for (const id of ids) {
    const inst = found.get(id);
    if (inst && statusOf(inst) === 'RUNNING') running.push(id);
    else {
      const report = toReport(id, inst);
      if (report.state === 'stopping') out.pending.push(id);
      else out.reports.push(report);
    }
  }
  return running;
}

/**
 * One StopInstances (≤ 100 IDs). The API is all-or-nothing, so a refusal over one
 * instance is narrowed down: describe the batch, settle what is not RUNNING
 * (already STOPPED/STOPPING is fine), stop the rest again, and split in halves
 * when every one of them is RUNNING. A failure that may have acted (no answer,
 * 5xx) is followed by a status check, and only still-RUNNING machines are retried.
 */
async function stopBatch(
  ctx: StopContext,
  ids: string[],
  out: StopOutcome,
  knownRunning: boolean,
  tries: number,
): Promise<void> {
  try {
    await ctx.client.call('StopInstances', { instanceIds: ids });
    out.pending.push(...ids);
    return;
  } catch (err) {
    if (!isProviderError(err) || mayHaveActed(err)) return afterAmbiguous(ctx, ids, err, out, tries);
    if (!refusesAnInstance(err)) {
      for (const id of ids) out.reports.push(failedWith(id, err));
      return;
    }
    let running = ids;
    if (!knownRunning || explainedByStatus(err)) {
      let found: Map<string, BmcInstance>;
      try {
        found = await describeIds(ctx.client, ids);
      } catch (describeErr) {
        const why = `${describeError(err)}; status check failed too: ${describeError(describeErr)}`;
        for (const id of ids) out.reports.push({ ...failedWith(id, err), reason: `stop refused: ${why}` });
        return;
      }
      running = settleNonRunning(ids, found, out);
    }
    if (running.length === 0) return;
    if (running.length === 1 && running[0]) {
      out.reports.push(failedWith(running[0], err, 'RUNNING'));
      return;
    }
    if (running.length < ids.length) return stopBatch(ctx, running, out, true, tries);
    const half = Math.ceil(running.length / 2);
    await stopBatch(ctx, running.slice(0, half), out, true, tries);
    await stopBatch(ctx, running.slice(half), out, true, tries);
  }
}

async function afterAmbiguous(
  ctx: StopContext,
  ids: string[],
  err: unknown,
  out: StopOutcome,
  tries: number,
): Promise<void> {
  let found: Map<string, BmcInstance>;
  try {
    found = await describeIds(ctx.client, ids);
  } catch (describeErr) {
    const why = `stop call failed (${describeError(err)}) and the status check failed (${describeError(describeErr)})`;
    for (const id of ids) {
      out.pending.push(id);
      out.unconfirmed.push({ id, reason: why });
    }
    return;
  }
  const running = settleNonRunning(ids, found, out);
  if (running.length === 0) return;
  if (tries <= 0) {
    for (const id of running)
      out.reports.push({
        ...failedWith(id, err, 'RUNNING'),
        reason: `stop call kept failing: ${describeError(err)}`,
      });
    return;
  }
  await ctx.clock.sleep(backoffDelay(ctx.policy, ctx.policy.retries - tries, ctx.random));
  return stopBatch(ctx, running, out, true, tries - 1);
}

/** Stop these instances in chunks of ≤ 100, a couple of chunks at a time. */
export async function stopIds(ctx: StopContext, ids: readonly string[]): Promise<StopOutcome> {
  const out: StopOutcome = { reports: [], pending: [], unconfirmed: [] };
  const unique = [...new Set(ids)];
  await mapLimit(chunk(unique, IDS_PER_STOP), STOP_CONCURRENCY, (part) =>
    stopBatch(ctx, part, out, false, ctx.policy.retries),
  );
  return out;
}
