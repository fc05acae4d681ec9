import { expect, it } from 'vitest';
import { STUCK_REASON } from '../../src/providers/alibaba/mapping.js';
import type { Machine, TrackingState } from '../../src/providers/types.js';
import { appId } from '../fakes/alibaba/harness.js';
import { ManualClock } from '../fakes/alibaba/manual-clock.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';
import type { FakeSaeOptions } from '../fakes/alibaba/server.js';
import { saeSeed, saeWorlds } from '../helpers/sae-unit.js';

/**
 * One tracking round of SAE stops and starts, read report by report: what the bot is told while
 * a change order runs, once it is over, and when it cannot be read. A wrong "stopped" (or
 * "running") here is a silent failure, so every report is compared whole. The fake's time is a
 * manual clock: a change order runs for DELAY ms and moves only when the test says so.
 */
const world = saeWorlds();
const DELAY = 10_000;
const A = appId(0);
const B = appId(1);

type Orders = { orders: { changeOrderId: string | null; appIds: string[] }[] };

async function sae(apps: FakeAppSeed[], fake: Partial<FakeSaeOptions> = {}) {
  const clock = new ManualClock();
  const { h, found } = await world({
    apps,
    clock,
    retry: { retries: 1, baseMs: 2, capMs: 5 },
    fake: { stopDelayMs: DELAY, ...fake },
  });
  const pick = (...ids: string[]): Machine[] => found.filter((m) => ids.includes(m.id));
  return { h, found, clock, pick };
}

const orderOf = (tracking: TrackingState): string => {
  const id = (tracking as Orders).orders[0]?.changeOrderId;
  if (!id) throw new Error('no change order in the tracking state');
  return id;
};

it('reports a stop whose order is still preparing as stopping (READY) and keeps following the order', async () => {
  const { h, found } = await sae([saeSeed(0)]);
  const res = await h.provider.stop(found, 'SOFT');
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'stopping', status: 'READY' }]);
  expect(round.tracking).toEqual(res.tracking);
});

it('reports a start whose order is still preparing as starting (READY), not stopping', async () => {
  const { h, found } = await sae([saeSeed(0, { state: 'stopped' })]);
  const res = await h.provider.start(found);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'starting', status: 'READY' }]);
  expect(round.tracking).toEqual(res.tracking);
});

it('reports a stop whose order succeeded as stopped once the app reads STOPPED, and follows nothing more', async () => {
  const { h, found, clock } = await sae([saeSeed(0)]);
  const res = await h.provider.stop(found, 'SOFT');
  clock.advance(DELAY);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'stopped', status: 'STOPPED' }]);
  expect(round.tracking).toEqual({ orders: [] });
});

it('reports a start whose order succeeded as running once the app reads RUNNING, and follows nothing more', async () => {
  const { h, found, clock } = await sae([saeSeed(0, { state: 'stopped' })]);
  const res = await h.provider.start(found);
  clock.advance(DELAY);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'running', status: 'RUNNING' }]);
  expect(round.tracking).toEqual({ op: 'start', orders: [] });
});

it('does not call a stop done while the app reads STOPPED with instances still running', async () => {
  // The order succeeded, but spec §5 step 4 wants RunningInstances at 0: the app is followed by status.
  const { h, found, clock } = await sae([saeSeed(0)], { drainMs: 5_000 });
  const res = await h.provider.stop(found, 'SOFT');
  clock.advance(DELAY);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'stopping', status: 'STOPPED' }]);
  expect(round.tracking).toEqual({ orders: [{ changeOrderId: null, appIds: [A] }] });
  clock.advance(5_000);
  const next = await h.provider.track(found, round.tracking);
  expect(next.reports).toEqual([{ id: A, state: 'stopped', status: 'STOPPED' }]);
  expect(next.tracking).toEqual({ orders: [] });
});

it('reports a failed stop order with its code and message, and the status the app is left in', async () => {
  const { h, found, clock } = await sae([saeSeed(0, { failStop: true })]);
  const res = await h.provider.stop(found, 'SOFT');
  clock.advance(DELAY);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([
    {
      id: A,
      state: 'failed',
      status: 'RUNNING',
      code: 'ChangeOrder.FAIL',
      reason: `change order FAIL: instances of ${A} failed to stop (simulated)`,
    },
  ]);
  expect(round.tracking).toEqual({ orders: [] });
});

it('reports a tracked order failed by the system with no message as such, not as a bare failure', async () => {
  // Its order is the app's last one, ended SYSTEM_FAIL (10) with ErrorMessage left out.
  const { h, found } = await sae([saeSeed(0, { lastOrder: { coTypeCode: 'CoStop', status: 10 } })]);
  const tracking = { orders: [{ changeOrderId: h.fake.lastOrderOf(A), appIds: [A] }] };
  const round = await h.provider.track(found, tracking);
  expect(round.reports).toEqual([
    {
      id: A,
      state: 'failed',
      status: 'RUNNING',
      code: 'ChangeOrder.SYSTEM_FAIL',
      reason: 'change order SYSTEM_FAIL: no message',
    },
  ]);
  expect(round.tracking).toEqual({ orders: [] });
});

it('reports a stuck stop order (Status 1, SubStatus 1) as failed with its own code', async () => {
  const { h, found } = await sae([saeSeed(0)]);
  h.fake.holdNextOrder('stuck');
  const res = await h.provider.stop(found, 'SOFT');
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([
    { id: A, state: 'failed', status: 'RUNNING', code: 'ChangeOrder.Stuck', reason: STUCK_REASON },
  ]);
});

it('keeps an order it cannot read (every try fails) as UNKNOWN, without reading the apps', async () => {
  const { h, found } = await sae([saeSeed(0)]);
  const res = await h.provider.stop(found, 'SOFT');
  h.fake.faultNext('500', 2, 'DescribeChangeOrder');
  const reads = h.fake.calls('DescribeApplicationStatus');
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([
    { id: A, state: 'stopping', status: 'UNKNOWN', reason: expect.stringContaining('InternalError') },
  ]);
  expect(round.tracking).toEqual(res.tracking);
  expect(h.fake.calls('DescribeApplicationStatus')).toBe(reads);
});

it('judges an app by its own status when SAE no longer knows its order (expired)', async () => {
  const { h, found, clock } = await sae([saeSeed(0)]);
  const res = await h.provider.stop(found, 'SOFT');
  clock.advance(DELAY);
  h.fake.forgetOrder(orderOf(res.tracking));
  const described = h.fake.calls('DescribeChangeOrder');
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'stopped', status: 'STOPPED' }]);
  expect(round.tracking).toEqual({ orders: [] });
  expect(h.fake.calls('DescribeChangeOrder')).toBe(described + 1);
});

it('follows by status, with no order read, an app whose stop runs; an app already stopped is done', async () => {
  const { h, found, pick } = await sae([saeSeed(0), saeSeed(1, { state: 'stopped' })]);
  await h.provider.stop(pick(A), 'SOFT');
  const described = h.fake.calls('DescribeChangeOrder');
  const byStatus = { orders: [{ changeOrderId: null, appIds: [A, B] }] };
  const round = await h.provider.track(found, byStatus);
  expect(round.reports).toEqual([
    { id: A, state: 'stopping', status: 'RUNNING (change order running)' },
    { id: B, state: 'stopped', status: 'STOPPED' },
  ]);
  expect(round.tracking).toEqual({ orders: [{ changeOrderId: null, appIds: [A] }] });
  expect(h.fake.calls('DescribeChangeOrder')).toBe(described);
});

it('follows by status an app whose start runs (starting); an app already running is done', async () => {
  const { h, found, pick } = await sae([saeSeed(0, { state: 'stopped' }), saeSeed(1)]);
  await h.provider.start(pick(A));
  const byStatus = { op: 'start', orders: [{ changeOrderId: null, appIds: [A, B] }] };
  const round = await h.provider.track(found, byStatus);
  expect(round.reports).toEqual([
    { id: A, state: 'starting', status: 'STOPPED (change order running)' },
    { id: B, state: 'running', status: 'RUNNING' },
  ]);
  expect(round.tracking).toEqual({ op: 'start', orders: [{ changeOrderId: null, appIds: [A] }] });
});

it('fails an app followed by status that is still running with no stop in progress, naming its last order', async () => {
  const { h, found, clock, pick } = await sae([saeSeed(0, { failStop: true }), saeSeed(1)]);
  await h.provider.stop(pick(A), 'SOFT');
  clock.advance(DELAY);
  const round = await h.provider.track(found, { orders: [{ changeOrderId: null, appIds: [A, B] }] });
  const why = 'the app is RUNNING and no stop is in progress';
  expect(round.reports).toEqual([
    {
      id: A,
      state: 'failed',
      status: 'RUNNING',
      code: 'NotStopping',
      reason: `${why} (last change order: FAIL)`,
    },
    { id: B, state: 'failed', status: 'RUNNING', code: 'NotStopping', reason: why },
  ]);
  expect(round.tracking).toEqual({ orders: [] });
});

it('fails an app followed by status for a start that is still stopped with no start in progress', async () => {
  const { h, found } = await sae([saeSeed(0, { state: 'stopped' })]);
  const round = await h.provider.track(found, {
    op: 'start',
    orders: [{ changeOrderId: null, appIds: [A] }],
  });
  expect(round.reports).toEqual([
    {
      id: A,
      state: 'failed',
      status: 'STOPPED',
      code: 'NotStarting',
      reason: 'the app is STOPPED and no start is in progress',
    },
  ]);
});

it('keeps following an app whose status cannot be read (UNKNOWN)', async () => {
  const { h, found } = await sae([saeSeed(0)]);
  h.fake.faultNext('500', 2, 'DescribeApplicationStatus');
  const byStatus = { orders: [{ changeOrderId: null, appIds: [A] }] };
  const round = await h.provider.track(found, byStatus);
  expect(round.reports).toEqual([
    { id: A, state: 'stopping', status: 'UNKNOWN', reason: expect.stringContaining('InternalError') },
  ]);
  expect(round.tracking).toEqual(byStatus);
});

it("judges an app in several orders by the newest only (an earlier attempt's failed order is past)", async () => {
  const lastOrder = { coTypeCode: 'CoStop', status: 3, errorMessage: 'an earlier stop failed' };
  const { h, found } = await sae([saeSeed(0, { lastOrder })]);
  const earlier = h.fake.lastOrderOf(A);
  const res = await h.provider.stop(found, 'SOFT');
  const tracking = { orders: [{ changeOrderId: earlier, appIds: [A] }, ...(res.tracking as Orders).orders] };
  const described = h.fake.calls('DescribeChangeOrder');
  const round = await h.provider.track(found, tracking);
  expect(round.reports).toEqual([{ id: A, state: 'stopping', status: 'READY' }]);
  expect(round.tracking).toEqual(res.tracking);
  // Only the newest order is read: the earlier one has no app left to judge.
  expect(h.fake.calls('DescribeChangeOrder')).toBe(described + 1);
});

it('reports only the machines it is given, though their order names more apps', async () => {
  const { h, found, pick } = await sae([saeSeed(0), saeSeed(1)]);
  const res = await h.provider.stop(found, 'SOFT');
  const round = await h.provider.track(pick(A), res.tracking);
  expect(round.reports).toEqual([{ id: A, state: 'stopping', status: 'READY' }]);
  expect(round.tracking).toEqual({ orders: [{ changeOrderId: orderOf(res.tracking), appIds: [A] }] });
});
