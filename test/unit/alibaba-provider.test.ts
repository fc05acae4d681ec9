import { afterEach, describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/errors.js';
import { createLimiter } from '../../src/providers/alibaba/limiter.js';
import { HUMAN_WAIT_REASON, STUCK_REASON } from '../../src/providers/alibaba/mapping.js';
import { batchStopApplications } from '../../src/providers/alibaba/operations.js';
import { createRoaClient } from '../../src/providers/alibaba/roa-client.js';
import type { CallRecord, Machine, Provider } from '../../src/providers/types.js';
import { trackToEnd } from '../contracts/provider.contract.js';
import {
  appId,
  openSae,
  providerFor,
  REGION,
  type SaeHarness,
  type SaeHarnessOptions,
  TEST_KEY_ID,
  TEST_SECRET,
} from '../fakes/alibaba/harness.js';
import { ManualClock } from '../fakes/alibaba/manual-clock.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';

const PROD = 'cn-shanghai:prod';
const apps = (n: number, from = 0, extra: Partial<FakeAppSeed> = {}): FakeAppSeed[] =>
  Array.from({ length: n }, (_, k) => ({
    appId: appId(from + k),
    appName: `app-${from + k}`,
    namespaceId: (from + k) % 2 === 0 ? REGION : PROD,
    state: 'running' as const,
    ...extra,
  }));

let open: SaeHarness[] = [];
const start = async (options: SaeHarnessOptions) => {
  const h = await openSae(options);
  open.push(h);
  return h;
};
afterEach(async () => {
  for (const h of open) {
    expect(h.fake.crashes()).toBe(0);
    await h.close();
  }
  open = [];
});

async function resolveAll(h: SaeHarness, seeds: FakeAppSeed[]): Promise<Machine[]> {
  const { found } = await h.provider.resolve(seeds.map((s) => s.appId));
  expect(found).toHaveLength(seeds.length);
  return found;
}

describe('Alibaba SAE provider', () => {
  it('sends one BatchStopApplications per namespace, each with its own apps only', async () => {
    const calls: CallRecord[] = [];
    const seeds = apps(6);
    const h = await start({ apps: seeds, observe: (_p, c) => calls.push(c) });
    const found = await resolveAll(h, seeds);
    expect(new Set(found.map((m) => m.group))).toEqual(new Set([REGION, PROD]));
    const res = await h.provider.stop(found, 'SOFT');
    expect(h.fake.calls('BatchStopApplications')).toBe(2);
    expect(h.fake.calls('StopApplication')).toBe(0);
    expect(calls.filter((c) => c.operation === 'BatchStopApplications').every((c) => c.ok)).toBe(true);
    expect(res.tracking).toMatchObject({
      orders: [{ appIds: expect.any(Array) }, { appIds: expect.any(Array) }],
    });
    const outcome = await trackToEnd(h.provider, found, JSON.parse(JSON.stringify(res.tracking)));
    expect([...outcome.values()].every((r) => r.state === 'stopped')).toBe(true);
  });

  it('resolves across pages and namespaces, matching names exactly', async () => {
    const seeds = apps(250);
    const h = await start({ apps: seeds });
    const res = await h.provider.resolve(['app-1', 'app-249', appId(120), 'app-', 'app-2']);
    expect(res.found.map((m) => [m.name, m.group])).toEqual([
      ['app-1', PROD],
      ['app-249', PROD],
      ['app-120', REGION],
      ['app-2', REGION],
    ]);
    expect(res.unknown).toEqual(['app-']);
    expect(h.fake.calls('ListApplications')).toBe(3);
  });

  it('never sends an empty AppIds list', async () => {
    const h = await start({ apps: apps(1) });
    const client = createRoaClient({
      accessKeyId: TEST_KEY_ID,
      accessKeySecret: TEST_SECRET,
      endpoint: h.fake.url,
      regionId: REGION,
      timeoutMs: 1000,
      clock: new ManualClock(),
    });
    await expect(batchStopApplications(client, REGION, [])).rejects.toThrow(RangeError);
    client.close();
    expect(h.fake.calls()).toBe(0);
    const res = await h.provider.stop([], 'SOFT');
    expect(res.reports).toEqual([]);
    expect(h.fake.calls()).toBe(0);
  });

  it('stops a lone app with StopApplication, and splits 6 apps of one namespace into a batch and a single', async () => {
    const seeds = apps(7).map((s) => ({ ...s, namespaceId: REGION }));
    const h = await start({ apps: seeds });
    const found = await resolveAll(h, seeds);
    await h.provider.stop(found.slice(0, 1), 'SOFT');
    expect([h.fake.calls('StopApplication'), h.fake.calls('BatchStopApplications')]).toEqual([1, 0]);
    await h.provider.stop(found.slice(1), 'SOFT');
    expect([h.fake.calls('StopApplication'), h.fake.calls('BatchStopApplications')]).toEqual([2, 1]);
    for (const s of seeds) expect(h.fake.stopRequestsFor(s.appId)).toBe(1);
  });

  it('retries Application.ChangerOrderRunning with backoff, then stops once', async () => {
    const seeds = apps(1);
    const h = await start({ apps: seeds });
    const found = await resolveAll(h, seeds);
    h.fake.changeOrderRunningNext(2);
    const res = await h.provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(h.fake.calls('StopApplication')).toBe(3);
    expect(h.fake.stopRequestsFor(seeds[0]!.appId)).toBe(1);
    const outcome = await trackToEnd(h.provider, found, res.tracking);
    expect(outcome.get(seeds[0]!.appId)?.state).toBe('stopped');
  });

  it('reports Application.NotDeployYet without retrying, and still stops the rest of its batch', async () => {
    const seeds = [...apps(1, 0, { notDeployed: true }), ...apps(2, 2)];
    const h = await start({ apps: seeds.map((s) => ({ ...s, namespaceId: REGION })) });
    const found = await resolveAll(h, seeds);
    const res = await h.provider.stop(found.slice(0, 1), 'SOFT');
    expect(res.reports).toEqual([
      expect.objectContaining({ id: seeds[0]!.appId, state: 'failed', code: 'Application.NotDeployYet' }),
    ]);
    expect(h.fake.calls('StopApplication')).toBe(1);
    const all = await h.provider.stop(found, 'SOFT');
    expect(all.reports.map((r) => [r.id, r.code])).toEqual([[seeds[0]!.appId, 'Application.NotDeployYet']]);
    expect(h.fake.calls('BatchStopApplications')).toBe(1);
    const outcome = await trackToEnd(h.provider, found.slice(1), all.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped']);
  });

  it.each([8, 11] as const)('surfaces change order Status %i as waiting for a human', async (hold) => {
    const seeds = apps(1);
    const h = await start({ apps: seeds });
    const found = await resolveAll(h, seeds);
    h.fake.holdNextOrder(hold);
    const res = await h.provider.stop(found, 'SOFT');
    const round = await h.provider.track(found, res.tracking);
    expect(round.reports).toEqual([
      expect.objectContaining({ state: 'stopping', reason: HUMAN_WAIT_REASON }),
    ]);
    expect(round.tracking).toEqual(res.tracking);
  });

  it('reports Status 1 with SubStatus 1 as stuck', async () => {
    const seeds = apps(1);
    const h = await start({ apps: seeds });
    const found = await resolveAll(h, seeds);
    h.fake.holdNextOrder('stuck');
    const res = await h.provider.stop(found, 'SOFT');
    const round = await h.provider.track(found, res.tracking);
    expect(round.reports).toEqual([expect.objectContaining({ state: 'failed', reason: STUCK_REASON })]);
  });

  it('refuses HARD (SAE has none) without calling SAE', async () => {
    const seeds = apps(1);
    const h = await start({ apps: seeds });
    const found = await resolveAll(h, seeds);
    const before = h.fake.calls();
    const res = await h.provider.stop(found, 'HARD');
    expect(res.reports).toEqual([expect.objectContaining({ state: 'failed', code: 'UnsupportedMode' })]);
    expect(h.fake.calls()).toBe(before);
    expect(h.provider.capabilities).toEqual({ modes: ['SOFT'], batchLimit: 5, tags: 'server' });
  });

  it('fails fast on a bad signature (no retries)', async () => {
    const h = await start({ apps: apps(1) });
    const bad = providerFor(h.fake.url, { secret: 'not-the-secret' });
    const err = await bad.resolve(['x']).then(
      () => undefined,
      (e: unknown) => e,
    );
    bad.close();
    expect(isProviderError(err) && [err.providerCode, err.retryable]).toEqual([
      'SignatureDoesNotMatch',
      false,
    ]);
    expect(isProviderError(err) && err.message).not.toContain('not-the-secret');
    expect(h.fake.rejected('SignatureDoesNotMatch')).toBe(1);
  });
});

describe('rate limit', () => {
  it('orders calls in a sliding window (limiter alone)', async () => {
    const clock = new ManualClock(0);
    const limiter = createLimiter({ limit: 3, windowMs: 1000, clock });
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, () => limiter.acquire().then(() => granted.push(clock.now()))),
    );
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('keeps two providers of one account under the fake limit of 20 calls a minute', async () => {
    // One clock drives the limiter, the retries and the fake's window and stop delays, so
    // minutes pass in milliseconds. The providers run one after the other: the second must
    // wait for the first one's calls to leave the window, which only a shared limiter knows.
    const clock = new ManualClock();
    const seeds = apps(24);
    // One call at a time: this clock jumps a minute while a call may still be on the wire,
    // which real time never does (the limiter's one-second margin covers real latency).
    const options = {
      clock,
      limiter: null,
      accessKeyId: `LTAI5tLIMIT${process.pid}${Date.now()}`,
      config: { callsPerMinute: 20 },
      concurrency: 1,
    } satisfies Omit<SaeHarnessOptions, 'apps'>;
    const a = await start({
      ...options,
      apps: seeds,
      fake: { callsPerMinute: 20, rateWindowMs: 60_000, stopDelayMs: 5_000 },
    });
    const b = providerFor(a.fake.url, options);
    const run = async (provider: Provider, part: FakeAppSeed[]) => {
      const { found } = await provider.resolve(part.map((s) => s.appId));
      const res = await provider.stop(found, 'SOFT');
      return trackToEnd(provider, found, res.tracking, 80, 0);
    };
    const started = clock.now();
    const outcomes = [
      ...(await run(a.provider, seeds.slice(0, 12))).values(),
      ...(await run(b, seeds.slice(12))).values(),
    ];
    b.close();
    expect(outcomes.map((r) => r.state)).toEqual(Array(24).fill('stopped'));
    expect(a.fake.calls()).toBeGreaterThan(40);
    expect(a.fake.rateLimited()).toBe(0);
    expect(clock.now() - started).toBeGreaterThan(60_000);
  });
});

describe('fault injection', () => {
  it.each([
    ['timeout', 1],
    ['reset', 2],
    ['html', 2],
    ['500', 2],
  ] as const)(
    'a batch stop answered with %s is checked before it is sent again (%i calls)',
    async (kind, sends) => {
      const seeds = apps(6).map((s) => ({ ...s, namespaceId: REGION }));
      const h = await start({
        apps: seeds,
        config: { timeout: 250 },
        fake: { hangMs: 500, stopDelayMs: 100 },
      });
      const found = await resolveAll(h, seeds.slice(0, 3));
      h.fake.faultNext(kind, 1);
      const res = await h.provider.stop(found, 'SOFT');
      expect(h.fake.calls('BatchStopApplications')).toBe(sends);
      expect(h.fake.calls('DescribeApplicationStatus')).toBe(3);
      const outcome = await trackToEnd(h.provider, found, res.tracking);
      expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped', 'stopped']);
      for (const m of found) expect(h.fake.stopRequestsFor(m.id)).toBe(1);
    },
  );

  it('ends with every app stopped exactly once at a 30% fault rate', async () => {
    const seeds = apps(40);
    const h = await start({
      apps: seeds,
      config: { timeout: 250, batchSize: 3 },
      retry: { retries: 12, baseMs: 2, capMs: 20 },
      fake: {
        stopDelayMs: 100,
        hangMs: 500,
        faults: { rate: 0.3, kinds: ['500', 'throttle', 'timeout', 'reset', 'html'], seed: 7 },
      },
    });
    const found = await resolveAll(h, seeds);
    const res = await h.provider.stop(found, 'SOFT');
    expect(res.reports.filter((r) => r.state === 'failed')).toEqual([]);
    const outcome = await trackToEnd(h.provider, found, res.tracking, 200, 20);
    expect([...outcome.values()].filter((r) => r.state !== 'stopped')).toEqual([]);
    expect(outcome.size).toBe(seeds.length);
    for (const s of seeds) {
      expect(h.fake.isStopped(s.appId)).toBe(true);
      expect(h.fake.stopRequestsFor(s.appId)).toBe(1);
    }
    expect(h.fake.faulted()).toBeGreaterThanOrEqual(0.2 * h.fake.calls());
    for (const kind of ['500', 'throttle', 'timeout', 'reset', 'html'] as const)
      expect(h.fake.faulted(kind)).toBeGreaterThan(0);
  });
});
