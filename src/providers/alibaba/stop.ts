import { isProviderError, ProviderError } from '../../errors.js';
import { chunk, groupBy } from '../../lib/chunk.js';
import { withRetry } from '../retry.js';
import type { Machine, StopMode, StopResult, TargetReport } from '../types.js';
import { type Action, START_ACTION, STOP_ACTION } from './actions.js';
import { attempt, type SaeContext } from './context.js';
import { NO_ANSWER_CODES } from './errors.js';
import { type AppStatus, failedReport, isAppRunning, orderOutcome, orderWord } from './mapping.js';
import { describeApplicationStatus, describeChangeOrder } from './operations.js';
import { type TrackedOrder, writeTracking } from './tracking-state.js';

/**
 * Codes that concern one app of a batch rather than the call: the batch is then
 * split into StopApplication calls so one bad app does not hold back the others.
 */
const PER_APP_CODES = new Set([
  'Application.NotDeployYet',
  'InvalidApplication.NotFound',
  'Application.ChangerOrderRunning',
  'Application.InvalidStatus',
  'Invalid.App.List.Not.Same.Namespace',
  'Mamespace.Have.No.Applications',
  'InvalidParameter.NotEmpty',
  'InvalidParameter.Obviously',
  'InvalidParameter.WithMessage',
  'vswitch.not.exist',
]);

interface ChunkResult {
  orders: TrackedOrder[];
  reports: TargetReport[];
}

/** A stop whose answer was lost (timeout, reset, non-JSON, 5xx) may have acted. */
const mayHaveActed = (err: unknown): err is ProviderError =>
  isProviderError(err) && (NO_ANSWER_CODES.has(err.providerCode) || (err.httpStatus ?? 0) >= 500);

/** The same error, marked retryable: the apps in question were shown not to have acted. */
const retryableCopy = (err: ProviderError): ProviderError =>
  new ProviderError({
    provider: err.provider,
    providerCode: err.providerCode,
    message: err.message,
    retryable: true,
    httpStatus: err.httpStatus,
    requestId: err.requestId,
    cause: err,
  });

/**
 * After an unanswered stop (start): read each app's status. Apps that are stopped
 * (running) or have a change order running are not sent again (they are tracked by
 * status, or by their own change order); apps still idle in the old state are
 * returned, to be sent again.
 */
async function sortUnanswered(
  ctx: SaeContext,
  action: Action,
  ids: readonly string[],
  out: ChunkResult,
): Promise<string[]> {
  const again: string[] = [];
  const byStatus: string[] = [];
  for (const id of ids) {
    const res = await attempt(ctx, (c) => describeApplicationStatus(c, id));
    if (!res.ok) byStatus.push(id);
    else if (action.done(res.value)) {
      const state = action.op === 'start' ? 'running' : 'stopped';
      out.reports.push({ id, state, status: state.toUpperCase() });
    } else if (res.value.LastChangeOrderRunning) byStatus.push(id);
    else {
      const verdict = await lastOwnOrder(ctx, action, res.value);
      if (verdict === 'unknown') byStatus.push(id);
      else if (verdict === undefined) again.push(id);
      else if ('follow' in verdict) out.orders.push({ changeOrderId: verdict.follow, appIds: [id] });
      else out.reports.push({ id, state: 'failed', status: res.value.CurrentStatus, ...verdict });
    }
  }
  if (byStatus.length) out.orders.push({ changeOrderId: null, appIds: byStatus });
  return again;
}

/**
 * An idle app, not yet done, whose last change order is this action: the unanswered
 * call may well have been that order, so it is never sent again. Ended badly: a
 * failure to report. Not ended (waiting for a human, say: SAE need not flag such an
 * order as running), or ended well since the status was read: the order to follow.
 * 'unknown' when the order cannot be read (follow by status instead); undefined:
 * send again.
 */
async function lastOwnOrder(
  ctx: SaeContext,
  action: Action,
  s: AppStatus,
): Promise<{ code: string; reason: string } | { follow: string } | 'unknown' | undefined> {
  const orderId = s.LastChangeOrderId;
  if (!orderId || !s.LastChangeOrderStatus || s.LastChangeOrderStatus === 'SUCCESS') return undefined;
  const res = await attempt(ctx, (c) => describeChangeOrder(c, orderId));
  if (!res.ok) return 'unknown';
  const co = res.value;
  if (!action.orders.has(co.CoTypeCode ?? '')) return undefined;
  if (orderOutcome(co) !== 'failed') return { follow: orderId };
  const word = orderWord(co.Status);
  return { code: `ChangeOrder.${word}`, reason: `change order ${word}: ${co.ErrorMessage ?? 'no message'}` };
}

/** One namespace chunk: one BatchStop/StartApplications, or Stop/StartApplication for a lone app. */
async function actChunk(
  ctx: SaeContext,
  action: Action,
  namespaceId: string,
  ids: readonly string[],
): Promise<ChunkResult> {
  const out: ChunkResult = { orders: [], reports: [] };
  let remaining = [...ids];
  try {
    await withRetry(async () => {
      const sending = remaining;
      try {
        const [only] = sending;
        const changeOrderId =
          sending.length === 1 && only !== undefined
            ? await action.one(ctx.client, only)
            : await action.batch(ctx.client, namespaceId, sending);
        out.orders.push({ changeOrderId, appIds: sending });
        remaining = [];
      } catch (err) {
        if (!mayHaveActed(err)) throw err;
        remaining = await sortUnanswered(ctx, action, sending, out);
        if (remaining.length > 0) throw err.retryable ? err : retryableCopy(err);
      }
    }, ctx.retry);
  } catch (err) {
    if (!isProviderError(err)) throw err;
    if (remaining.length > 1 && PER_APP_CODES.has(err.providerCode)) {
      for (const id of remaining) {
        const one = await actChunk(ctx, action, namespaceId, [id]);
        out.orders.push(...one.orders);
        out.reports.push(...one.reports);
      }
    } else if (action.op === 'start' && PER_APP_CODES.has(err.providerCode)) {
      out.reports.push(...(await refusedStarts(ctx, remaining, err)));
    } else {
      out.reports.push(...remaining.map((id) => failedReport(id, err)));
    }
  }
  return out;
}

/** A start refused for an app's state: an app already running (someone started it) is not a failure. */
async function refusedStarts(ctx: SaeContext, ids: readonly string[], err: ProviderError) {
  const reads = await Promise.all(ids.map((id) => attempt(ctx, (c) => describeApplicationStatus(c, id))));
  return ids.map((id, i): TargetReport => {
    const res = reads[i];
    if (res?.ok && isAppRunning(res.value)) return { id, state: 'running', status: 'RUNNING' };
    return failedReport(id, err);
  });
}

/** Stop apps grouped by namespace, in chunks of at most `batchSize`, one after another. */
export async function stopApps(
  ctx: SaeContext,
  machines: readonly Machine[],
  mode: StopMode,
): Promise<StopResult> {
  const unique = [...new Map(machines.map((m) => [m.id, m])).values()];
  if (mode !== 'SOFT') {
    const reason = `SAE has no ${mode} stop; applications are stopped with SOFT`;
    return {
      reports: unique.map((m) => ({ id: m.id, state: 'failed', code: 'UnsupportedMode', reason })),
      tracking: {},
    };
  }
  const reports: TargetReport[] = [];
  for (const m of unique) if (m.stopped) reports.push({ id: m.id, state: 'stopped', status: m.status });
  return act(
    ctx,
    STOP_ACTION,
    unique.filter((m) => !m.stopped),
    reports,
  );
}

/**
 * Start apps again, grouped by namespace like a stop: StartApplication for a lone
 * app, else BatchStartApplications (never without AppIds). An app already running
 * is not refused by SAE in a way we can rely on, so tracking reads it running.
 */
export async function startApps(ctx: SaeContext, machines: readonly Machine[]): Promise<StopResult> {
  const unique = [...new Map(machines.map((m) => [m.id, m])).values()];
  return act(ctx, START_ACTION, unique, []);
}

async function act(
  ctx: SaeContext,
  action: Action,
  todo: readonly Machine[],
  reports: TargetReport[],
): Promise<StopResult> {
  const orders: TrackedOrder[] = [];
  const byNamespace = groupBy(todo, (m) => m.group ?? ctx.config.region);
  const parts = [...byNamespace].flatMap(([namespaceId, apps]) =>
    chunk(apps, ctx.config.batchSize).map((part) => ({ namespaceId, ids: part.map((m) => m.id) })),
  );
  // Chunks hold different apps, so they go side by side (the client bounds calls in flight).
  const results = await Promise.all(parts.map((p) => actChunk(ctx, action, p.namespaceId, p.ids)));
  for (const res of results) {
    orders.push(...res.orders);
    reports.push(...res.reports);
  }
  return { reports, tracking: writeTracking(orders, action.op) };
}
