import { afterEach, expect, it } from 'vitest';
import { trackToEnd } from '../contracts/provider.contract.js';
import { appId, openSae, REGION, type SaeHarness } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';
import type { FakeSaeOptions } from '../fakes/alibaba/server.js';

/**
 * A stop (start) SAE may have acted on without answering: the app's status, and then its last
 * change order, decide whether it is sent again, reported, or followed. Each test reads what the
 * provider does when one of those reads fails or the last order is not a plain stop of ours.
 */
let open: SaeHarness[] = [];
afterEach(async () => {
  for (const h of open) {
    expect(h.fake.crashes()).toBe(0);
    await h.close();
  }
  open = [];
});

const ID = appId(0);

async function lone(
  extra: Partial<FakeAppSeed>,
  stopDelayMs: number,
  fake: Partial<Omit<FakeSaeOptions, 'apps' | 'region' | 'accounts'>> = {},
) {
  const h = await openSae({
    apps: [{ appId: ID, appName: 'app-0', namespaceId: REGION, state: 'running', ...extra }],
    config: { timeout: 250 },
    retry: { retries: 3, baseMs: 2, capMs: 5 },
    fake: { stopDelayMs, hangMs: 600, ...fake },
  });
  open.push(h);
  const { found } = await h.provider.resolve([ID]);
  expect(found).toHaveLength(1);
  return { h, found };
}

it('follows the app by status when its status cannot be read after an unanswered stop', async () => {
  const { h, found } = await lone({}, 50);
  h.fake.faultNext('timeout', 1, 'StopApplication');
  // Every try of the status read (1 + 3 retries) fails.
  h.fake.faultNext('500', 4, 'DescribeApplicationStatus');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(res.tracking).toEqual({ orders: [{ changeOrderId: null, appIds: [ID] }] });
  expect(h.fake.calls('StopApplication')).toBe(1);
  const outcome = await trackToEnd(h.provider, found, res.tracking);
  expect(outcome.get(ID)?.state).toBe('stopped');
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});

it('follows by status, without reading the order, an app flagged with a change order running', async () => {
  const { h, found } = await lone({}, 10_000);
  h.fake.faultNext('timeout', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(res.tracking).toEqual({ orders: [{ changeOrderId: null, appIds: [ID] }] });
  expect(h.fake.calls('DescribeChangeOrder')).toBe(0);
  expect(h.fake.calls('StopApplication')).toBe(1);
});

it('tracks nothing for an app found stopped after an unanswered stop', async () => {
  const { h, found } = await lone({}, 10);
  h.fake.faultNext('timeout', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([{ id: ID, state: 'stopped', status: 'STOPPED' }]);
  expect(res.tracking).toEqual({ orders: [] });
});

it('reports an app found running after an unanswered start as running, never started twice', async () => {
  const { h, found } = await lone({ state: 'stopped' }, 10);
  h.fake.faultNext('timeout', 1, 'StartApplication');
  const res = await h.provider.start(found);
  expect(res.reports).toEqual([{ id: ID, state: 'running', status: 'RUNNING' }]);
  expect(h.fake.startRequestsFor(ID)).toBe(1);
  expect(h.fake.calls('StartApplication')).toBe(1);
});

it('follows the app by status when its failed last change order cannot be read', async () => {
  const { h, found } = await lone({ failStop: true }, 10);
  h.fake.faultNext('timeout', 1, 'StopApplication');
  h.fake.faultNext('500', 4, 'DescribeChangeOrder');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(res.tracking).toEqual({ orders: [{ changeOrderId: null, appIds: [ID] }] });
  expect(h.fake.calls('StopApplication')).toBe(1);
  // Followed by status: still running, no stop in progress, so it ends failed (never stopped twice).
  const outcome = await trackToEnd(h.provider, found, res.tracking);
  expect(outcome.get(ID)).toMatchObject({ state: 'failed', code: 'NotStopping' });
  expect(outcome.get(ID)?.reason).toContain('last change order: FAIL');
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});

it("sends a lost stop again when the app's last change order is someone's failed deploy", async () => {
  const lastOrder = { coTypeCode: 'CoDeploy', status: 3, errorMessage: 'image pull failed' };
  const { h, found } = await lone({ lastOrder }, 50);
  h.fake.faultNext('reset', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('DescribeChangeOrder')).toBe(1);
  expect(h.fake.calls('StopApplication')).toBe(2);
  const outcome = await trackToEnd(h.provider, found, res.tracking);
  expect(outcome.get(ID)?.state).toBe('stopped');
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});

it('sends a lost stop again without reading a last change order that succeeded', async () => {
  const { h, found } = await lone({ lastOrder: { coTypeCode: 'CoDeploy', status: 2 } }, 50);
  h.fake.faultNext('reset', 1, 'StopApplication');
  // Were the order read, it could not be: the stop would then be followed instead of sent again.
  h.fake.faultNext('500', 4, 'DescribeChangeOrder');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('DescribeChangeOrder')).toBe(0);
  expect(h.fake.calls('StopApplication')).toBe(2);
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});

it('sends a lost stop again when the last change order has expired (no LastChangeOrderId)', async () => {
  const lastOrder = { coTypeCode: 'CoStop', status: 3, expired: true };
  const { h, found } = await lone({ lastOrder }, 50);
  h.fake.faultNext('reset', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('DescribeChangeOrder')).toBe(0);
  expect(h.fake.calls('StopApplication')).toBe(2);
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});

it('reports a lost stop whose app shows an aborted stop change order, and does not send it again', async () => {
  // The unanswered call may well have been that order, and someone aborted it: not overridden.
  const lastOrder = { coTypeCode: 'CoStop', status: 6, errorMessage: 'aborted by user' };
  const { h, found } = await lone({ lastOrder }, 50);
  h.fake.faultNext('reset', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([
    {
      id: ID,
      state: 'failed',
      status: 'RUNNING',
      code: 'ChangeOrder.ABORT',
      reason: 'change order ABORT: aborted by user',
    },
  ]);
  expect(h.fake.calls('StopApplication')).toBe(1);
});

it('reports a lost start whose app shows a start change order failed by the system, with no message', async () => {
  const lastOrder = { coTypeCode: 'CoStart', status: 10 };
  const { h, found } = await lone({ state: 'stopped', lastOrder }, 50);
  h.fake.faultNext('reset', 1, 'StartApplication');
  const res = await h.provider.start(found);
  expect(res.reports).toEqual([
    {
      id: ID,
      state: 'failed',
      status: 'STOPPED',
      code: 'ChangeOrder.SYSTEM_FAIL',
      reason: 'change order SYSTEM_FAIL: no message',
    },
  ]);
  expect(h.fake.calls('StartApplication')).toBe(1);
});

it('follows its own stop change order that waits for approval (not flagged running), never sending it again', async () => {
  // SAE documents LastChangeOrderRunning as "being executed": an order waiting for approval may not count.
  const { h, found } = await lone({}, 50, { lastOrderRunning: 'executing' });
  h.fake.holdNextOrder(11);
  h.fake.faultNext('timeout', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('StopApplication')).toBe(1);
  const orders = (res.tracking as { orders: { changeOrderId: string | null; appIds: string[] }[] }).orders;
  expect(orders).toHaveLength(1);
  expect(orders[0]?.appIds).toEqual([ID]);
  expect(orders[0]?.changeOrderId).toMatch(/^c0de/);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([
    expect.objectContaining({ id: ID, state: 'stopping', status: 'WAIT_APPROVAL' }),
  ]);
  expect(round.reports[0]?.reason).toContain('human');
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});

it('follows its own stop change order still preparing (READY, not flagged running), never sending it again', async () => {
  // The usual case: the unanswered stop acted, and its order has not started executing when read.
  const { h, found } = await lone({}, 20_000, { lastOrderRunning: 'executing' });
  h.fake.faultNext('timeout', 1, 'StopApplication');
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('StopApplication')).toBe(1);
  const round = await h.provider.track(found, res.tracking);
  expect(round.reports).toEqual([expect.objectContaining({ id: ID, state: 'stopping' })]);
  expect(h.fake.calls('DescribeChangeOrder')).toBe(2);
  expect(h.fake.stopRequestsFor(ID)).toBe(1);
});
