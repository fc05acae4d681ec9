import { describeError, isProviderError, type ProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import type { Clock } from '../../lib/clock.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { Doubt } from '../doubts.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import type { Operation, TargetReport } from '../types.js';
import type { ZenlayerClient } from './client.js';
import { describeIds } from './describe.js';
import { type BmcInstance, statusOf, toReport } from './mapping.js';
import { mayHaveActed } from './parse-response.js';

export const IDS_PER_STOP = 100;
/** StopInstances calls in flight at once (distinct instances each; 429 is retried with backoff). */
const STOP_CONCURRENCY = 4;

export interface StopContext {
  client: ZenlayerClient;
  clock: Clock;
  policy: RetryPolicy;
  random: () => number;
}

/** What the stop calls settled, and stops whose effect is unknown; the rest are on their way. */
export interface StopOutcome {
  reports: TargetReport[];
  /** Stops we cannot tell were carried out, and why. */
  unconfirmed: Doubt[];
}

/** What differs between StopInstances and StartInstances. */
export interface ActionSpec {
  op: Operation;
  action: 'StopInstances' | 'StartInstances';
  /** The status in which the call is still needed (RUNNING for a stop, STOPPED for a start). */
  from: string;
  /** The state of a machine on its way (followed by tracking). */
  moving: 'stopping' | 'starting';
  /** Refusals a status read can explain; others (e.g. OPERATION_DENIED_INSTANCE_STATUS) it cannot. */
  explained: RegExp;
}

export const STOP: ActionSpec = {
  op: 'stop',
  action: 'StopInstances',
  from: 'RUNNING',
  moving: 'stopping',
  explained: /NOT_RUNNING|RECYCLED|NOT_FOUND/,
};
export const START: ActionSpec = {
  op: 'start',
  action: 'StartInstances',
  from: 'STOPPED',
  moving: 'starting',
  explained: /NOT_STOPPED|RECYCLED|NOT_FOUND/,
};

/** A refusal naming an instance problem (e.g. not found, not running), as opposed to the call itself. */
const refusesAnInstance = (err: ProviderError): boolean =>
  /INSTANCE|RESOURCE_NOT_FOUND/.test(err.providerCode);

const failedWith = (spec: ActionSpec, id: string, err: unknown, status?: string): TargetReport => ({
  id,
  state: 'failed',
  status,
  code: isProviderError(err) ? err.providerCode : undefined,
  reason: `${spec.op} refused: ${describeError(err)}`,
});

/** Calls whose effect is unknown: tracking reads these machines and fails any the call left unmoved. */
function doubt(ids: readonly string[], reason: string, out: StopOutcome): void {
  for (const id of ids) out.unconfirmed.push({ id, reason });
}

/** Sort described machines: those still needing the call are returned, the rest settled by their status. */
function settleOthers(
  spec: ActionSpec,
  ids: string[],
  found: Map<string, BmcInstance>,
  out: StopOutcome,
): string[] {
  const todo: string[] = [];
  for (const id of ids) {
    const inst = found.get(id);
    if (inst && statusOf(inst) === spec.from) todo.push(id);
    else {
      // One on its way (e.g. STOPPING) is left to tracking.
      const report = toReport(id, inst, spec.op);
      if (report.state !== spec.moving) out.reports.push(report);
    }
  }
  return todo;
}

/**
 * One StopInstances or StartInstances (≤ 100 IDs). A batch gets one answer (whether a
 * refusal still acted on the others is not documented), so a refusal over one instance
 * is narrowed down: describe the batch, settle what is
 * not in the `from` status (for a stop, already STOPPED/STOPPING is fine; for a
 * start, RUNNING/BOOTING), send the rest again, and split in halves when every one
 * of them needs it. A failure that may have acted (no answer, 5xx) is followed by a
 * status check, and only machines still in the `from` status are retried.
 */
async function stopBatch(
  spec: ActionSpec,
  ctx: StopContext,
  ids: string[],
  out: StopOutcome,
  knownRunning: boolean,
  tries: number,
): Promise<void> {
  try {
    await ctx.client.call(spec.action, { instanceIds: ids });
  } catch (err) {
    if (!isProviderError(err) || mayHaveActed(err)) return afterAmbiguous(spec, ctx, ids, err, out, tries);
    if (!refusesAnInstance(err)) {
      for (const id of ids) out.reports.push(failedWith(spec, id, err));
      return;
    }
    let running = ids;
    if (!knownRunning || spec.explained.test(err.providerCode)) {
      let found: Map<string, BmcInstance>;
      try {
        found = await describeIds(ctx.client, ids);
      } catch (describeErr) {
        // Whether a refused batch acted on its other instances is not documented: tracking reads them.
        const why = `${spec.op} refused (${describeError(err)}) and the status check failed (${describeError(describeErr)})`;
        return doubt(ids, why, out);
      }
      running = settleOthers(spec, ids, found, out);
    }
    if (running.length === 0) return;
    // Some were settled (the culprit among them): the rest are sent again, even one alone.
    if (running.length < ids.length) return stopBatch(spec, ctx, running, out, true, tries);
    if (running.length === 1 && running[0]) {
      out.reports.push(failedWith(spec, running[0], err, spec.from));
      return;
    }
    const half = Math.ceil(running.length / 2);
    await stopBatch(spec, ctx, running.slice(0, half), out, true, tries);
    await stopBatch(spec, ctx, running.slice(half), out, true, tries);
  }
}

async function afterAmbiguous(
  spec: ActionSpec,
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
    const why = `${spec.op} call failed (${describeError(err)}) and the status check failed (${describeError(describeErr)})`;
    return doubt(ids, why, out);
  }
  const running = settleOthers(spec, ids, found, out);
  if (running.length === 0) return;
  if (tries <= 0) {
    for (const id of running)
      out.reports.push({
        ...failedWith(spec, id, err, spec.from),
        reason: `${spec.op} call kept failing: ${describeError(err)}`,
      });
    return;
  }
  await ctx.clock.sleep(backoffDelay(ctx.policy, ctx.policy.retries - tries, ctx.random));
  return stopBatch(spec, ctx, running, out, true, tries - 1);
}

/** Stop (or start) these instances in chunks of ≤ 100, a couple of chunks at a time. */
export async function stopIds(
  ctx: StopContext,
  ids: readonly string[],
  spec: ActionSpec = STOP,
): Promise<StopOutcome> {
  const out: StopOutcome = { reports: [], unconfirmed: [] };
  const unique = [...new Set(ids)];
  await mapLimit(chunk(unique, IDS_PER_STOP), STOP_CONCURRENCY, (part) =>
    stopBatch(spec, ctx, part, out, false, ctx.policy.retries),
  );
  return out;
}
