import { afterEach, describe, expect, it } from 'vitest';
import { trackToEnd } from '../contracts/provider.contract.js';
import { appId, openSae, REGION, type SaeHarness } from '../fakes/alibaba/harness.js';

let h: SaeHarness | undefined;
afterEach(async () => {
  expect(h?.fake.crashes() ?? 0).toBe(0);
  await h?.close();
  h = undefined;
});

describe('Alibaba SAE start again', () => {
  it('reports an app someone already started as running when SAE refuses the batch for it', async () => {
    const seeds = [0, 1, 2].map((i) => ({
      appId: appId(i),
      appName: `app-${i}`,
      namespaceId: REGION,
      state: i === 1 ? ('running' as const) : ('stopped' as const),
    }));
    h = await openSae({ apps: seeds, fake: { refuseStartOfRunning: true, stopDelayMs: 50 } });
    const { found } = await h.provider.resolve(seeds.map((s) => s.appId));
    const res = await h.provider.start(found);
    expect(res.reports).toEqual([{ id: appId(1), state: 'running', status: 'RUNNING' }]);
    const rest = found.filter((m) => m.id !== appId(1));
    const outcome = await trackToEnd(h.provider, rest, res.tracking);
    expect(rest.map((m) => outcome.get(m.id)?.state)).toEqual(['running', 'running']);
    // The batch was refused (InvalidStatus is retried with backoff first), then each app
    // sent alone: the running one is read, not reported failed, and never started.
    expect(h.fake.calls('StartApplication')).toBeGreaterThanOrEqual(3);
    expect(h.fake.startRequestsFor(appId(1))).toBe(0);
    expect(h.fake.startRequestsFor(appId(0))).toBe(1);
  });

  it('uses one BatchStartApplications per namespace and follows its change order to RUNNING', async () => {
    const seeds = [0, 1, 2, 3].map((i) => ({
      appId: appId(i),
      appName: `app-${i}`,
      namespaceId: i % 2 === 0 ? REGION : `${REGION}:prod`,
      state: 'stopped' as const,
    }));
    h = await openSae({ apps: seeds, fake: { stopDelayMs: 50 } });
    const { found } = await h.provider.resolve(seeds.map((s) => s.appId));
    const res = await h.provider.start(found);
    expect(res.tracking['op']).toBe('start');
    expect(h.fake.calls('BatchStartApplications')).toBe(2);
    expect(h.fake.calls('StartApplication')).toBe(0);
    const outcome = await trackToEnd(h.provider, found, res.tracking);
    expect([...outcome.values()].every((r) => r.state === 'running')).toBe(true);
    expect(h.fake.calls('DescribeChangeOrder')).toBeGreaterThan(0);
  });
});
