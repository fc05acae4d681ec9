import { afterEach, expect, it } from 'vitest';
import type { Machine } from '../../src/providers/types.js';
import { appId, openSae, REGION, type SaeHarness } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';

/** The stop and start paths around the calls: apps already stopped, modes, refused starts, bugs. */
let open: SaeHarness[] = [];
afterEach(async () => {
  for (const h of open) {
    expect(h.fake.crashes()).toBe(0);
    await h.close();
  }
  open = [];
});

const seed = (i: number, extra: Partial<FakeAppSeed> = {}): FakeAppSeed => ({
  appId: appId(i),
  appName: `app-${i}`,
  namespaceId: REGION,
  state: 'running',
  ...extra,
});

async function sae(seeds: FakeAppSeed[]) {
  const h = await openSae({
    apps: seeds,
    fake: { stopDelayMs: 20 },
    retry: { retries: 2, baseMs: 2, capMs: 5 },
  });
  open.push(h);
  const { found } = await h.provider.resolve(seeds.map((s) => s.appId));
  expect(found).toHaveLength(seeds.length);
  return { h, found };
}

it('reports an app already stopped as stopped, without asking SAE to stop it', async () => {
  const { h, found } = await sae([seed(0), seed(1, { state: 'stopped' }), seed(2)]);
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([{ id: appId(1), state: 'stopped', status: 'STOPPED' }]);
  expect(h.fake.stopRequestsFor(appId(1))).toBe(0);
  expect(h.fake.stopRequestsFor(appId(0))).toBe(1);
  expect(h.fake.stopRequestsFor(appId(2))).toBe(1);
  expect(JSON.stringify(res.tracking)).not.toContain(appId(1));
});

it('names the refused mode in the reason of a HARD stop', async () => {
  const { h, found } = await sae([seed(0)]);
  const res = await h.provider.stop(found, 'HARD');
  expect(res.reports).toEqual([
    {
      id: appId(0),
      state: 'failed',
      code: 'UnsupportedMode',
      reason: 'SAE has no HARD stop; applications are stopped with SOFT',
    },
  ]);
  expect(h.fake.calls('StopApplication') + h.fake.calls('BatchStopApplications')).toBe(0);
});

it('reports a start SAE refuses for a stopped, never deployed app as failed (not running)', async () => {
  const { h, found } = await sae([seed(0, { state: 'stopped', notDeployed: true })]);
  const res = await h.provider.start(found);
  expect(res.reports).toEqual([
    expect.objectContaining({ id: appId(0), state: 'failed', code: 'Application.NotDeployYet' }),
  ]);
  expect(h.fake.startRequestsFor(appId(0))).toBe(0);
});

it('lets a bug (an empty AppId in a batch) surface as itself, not as per-app reports', async () => {
  const { h, found } = await sae([seed(0)]);
  const blank: Machine = { ...(found[0] as Machine), id: '', name: 'blank' };
  await expect(h.provider.stop([...found, blank], 'SOFT')).rejects.toThrow(RangeError);
  expect(h.fake.calls('BatchStopApplications')).toBe(0);
});
