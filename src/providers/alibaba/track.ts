import type { Machine, Operation, TargetReport, TrackingState, TrackResult } from '../types.js';
import { attempt, type SaeContext } from './context.js';
import {
  type AppStatus,
  appStatusWord,
  type ChangeOrder,
  HUMAN_WAIT_REASON,
  isAppRunning,
  isAppStopped,
  orderOutcome,
  orderWord,
  STUCK_REASON,
} from './mapping.js';
import { describeApplicationStatus, describeChangeOrder } from './operations.js';
import { readState, type TrackedOrder, writeTracking } from './tracking-state.js';

interface Round {
  op: Operation;
  reports: TargetReport[];
  /** Orders (or status-only entries) still worth following next round. */
  keep: TrackedOrder[];
}

/** On its way: 'stopping' while a stop is tracked, 'starting' while a start is. */
const moving = (op: Operation, id: string, status: string, reason?: string): TargetReport => ({
  id,
  state: op === 'start' ? 'starting' : 'stopping',
  status,
  reason,
});

/** Has the app reached the operation's end state? Its report if so. */
function doneReport(op: Operation, id: string, s: AppStatus): TargetReport | undefined {
  if (op === 'start') return isAppRunning(s) ? { id, state: 'running', status: 'RUNNING' } : undefined;
  return isAppStopped(s) ? { id, state: 'stopped', status: 'STOPPED' } : undefined;
}

/** No change order to follow: the app's own status decides. */
function byAppStatus(op: Operation, id: string, s: AppStatus): TargetReport {
  const done = doneReport(op, id, s);
  if (done) return done;
  if (s.LastChangeOrderRunning) return moving(op, id, appStatusWord(s));
  const last = s.LastChangeOrderStatus ? ` (last change order: ${s.LastChangeOrderStatus})` : '';
  return {
    id,
    state: 'failed',
    status: s.CurrentStatus,
    code: op === 'start' ? 'NotStarting' : 'NotStopping',
    reason: `the app is ${s.CurrentStatus} and no ${op} is in progress${last}`,
  };
}

/** Each app's status, read side by side (the client bounds how many calls are in flight). */
const readEach = (ctx: SaeContext, ids: readonly string[]) =>
  Promise.all(ids.map((id) => attempt(ctx, (c) => describeApplicationStatus(c, id))));

async function trackByStatus(ctx: SaeContext, ids: readonly string[], round: Round): Promise<void> {
  const recheck: string[] = [];
  const results = await readEach(ctx, ids);
  for (const [i, id] of ids.entries()) {
    const res = results[i];
    if (!res) continue;
    const report = res.ok
      ? byAppStatus(round.op, id, res.value)
      : moving(round.op, id, 'UNKNOWN', res.error.describe());
    round.reports.push(report);
    if (report.state === 'stopping' || report.state === 'starting') recheck.push(id);
  }
  round.keep.push({ changeOrderId: null, appIds: recheck });
}

/** The order is over: each app's status says whether it got there; otherwise `verdict` stands. */
async function confirmApps(
  ctx: SaeContext,
  order: ChangeOrder,
  ids: readonly string[],
  verdict: { code: string; reason: string } | undefined,
  round: Round,
): Promise<void> {
  const recheck: string[] = [];
  const results = await readEach(ctx, ids);
  for (const [i, id] of ids.entries()) {
    const res = results[i];
    if (!res) continue;
    const done = res.ok ? doneReport(round.op, id, res.value) : undefined;
    if (done) round.reports.push(done);
    else if (verdict) {
      const status = res.ok ? res.value.CurrentStatus : orderWord(order.Status);
      round.reports.push({ id, state: 'failed', status, ...verdict });
    } else {
      // Succeeded but not yet seen there: follow the app itself from now on.
      round.reports.push(moving(round.op, id, res.ok ? appStatusWord(res.value) : orderWord(order.Status)));
      recheck.push(id);
    }
  }
  round.keep.push({ changeOrderId: null, appIds: recheck });
}

async function trackOrder(ctx: SaeContext, order: TrackedOrder, ids: string[], round: Round): Promise<void> {
  if (order.changeOrderId === null) return trackByStatus(ctx, ids, round);
  const orderId = order.changeOrderId;
  const res = await attempt(ctx, (c) => describeChangeOrder(c, orderId));
  if (!res.ok) {
    if (!res.error.retryable) return trackByStatus(ctx, ids, round);
    for (const id of ids) round.reports.push(moving(round.op, id, 'UNKNOWN', res.error.describe()));
    round.keep.push({ changeOrderId: orderId, appIds: ids });
    return;
  }
  const co = res.value;
  const word = orderWord(co.Status);
  switch (orderOutcome(co)) {
    case 'succeeded':
      return confirmApps(ctx, co, ids, undefined, round);
    case 'failed':
      return confirmApps(
        ctx,
        co,
        ids,
        { code: `ChangeOrder.${word}`, reason: `change order ${word}: ${co.ErrorMessage ?? 'no message'}` },
        round,
      );
    case 'stuck':
      return confirmApps(ctx, co, ids, { code: 'ChangeOrder.Stuck', reason: STUCK_REASON }, round);
    case 'needs-human':
      for (const id of ids) round.reports.push(moving(round.op, id, word, HUMAN_WAIT_REASON));
      break;
    case 'pending':
      for (const id of ids) round.reports.push(moving(round.op, id, word));
      break;
  }
  round.keep.push({ changeOrderId: orderId, appIds: ids });
}

/**
 * One tracking round (of a stop or a start, as the state says): DescribeChangeOrder per open order, then each app's status
 * once its order is over. Machines no order covers are followed by their status.
 */
export async function trackApps(
  ctx: SaeContext,
  machines: readonly Machine[],
  tracking: TrackingState,
): Promise<TrackResult> {
  const pending = new Set(machines.map((m) => m.id));
  const { op, orders } = readState(tracking);
  const covered = new Set<string>();
  const work: { order: TrackedOrder; ids: string[] }[] = [];
  // Newest first: an app stopped again after an earlier attempt is judged by its latest order.
  for (const order of orders.reverse()) {
    const ids = order.appIds.filter((id) => pending.has(id) && !covered.has(id));
    for (const id of ids) covered.add(id);
    if (ids.length > 0) work.push({ order, ids });
  }
  const loose = [...pending].filter((id) => !covered.has(id));
  // Orders are followed side by side; each keeps its own round so the result keeps this order.
  const rounds = await Promise.all([
    ...work.map(async ({ order, ids }) => {
      const r: Round = { op, reports: [], keep: [] };
      await trackOrder(ctx, order, ids, r);
      return r;
    }),
    ...(loose.length > 0
      ? [
          (async () => {
            const r: Round = { op, reports: [], keep: [] };
            await trackByStatus(ctx, loose, r);
            return r;
          })(),
        ]
      : []),
  ]);
  return {
    reports: rounds.flatMap((r) => r.reports),
    tracking: writeTracking(
      rounds.flatMap((r) => r.keep),
      op,
    ),
  };
}
