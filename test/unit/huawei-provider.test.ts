import { describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/errors.js';
import type { Machine, Provider, TargetReport, TrackingState } from '../../src/providers/types.js';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { ecsError, gatewayError } from '../fakes/huawei/responses.js';
import { startHuaweiRig, TEST_AK } from '../fakes/huawei/rig.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { rejection } from '../helpers/rejection.js';
import { waitUntil } from '../helpers/wait-until.js';

const servers = (n: number, from = 0): FakeServerSeed[] =>
  Array.from({ length: n }, (_, k) => ({
    id: sid(from + k),
    name: `srv-${from + k}`,
    state: 'running' as const,
  }));

const open = closeAfterEach(startHuaweiRig);

/** Tracking rounds as the workflow runs them: a round that throws is tried again. */
async function trackUntilSettled(
  provider: Provider,
  machines: Machine[],
  tracking: TrackingState,
  rounds = 80,
) {
  const latest = new Map<string, TargetReport>();
  let state = tracking;
  for (let i = 0; i < rounds; i++) {
    const pending = machines.filter((m) => {
      const s = latest.get(m.id)?.state;
      return s === undefined || s === 'stopping' || s === 'running';
    });
    if (pending.length === 0) break;
    try {
      const res = await provider.track(pending, state);
      state = res.tracking;
      for (const r of res.reports) latest.set(r.id, r);
    } catch (err) {
      if (!isProviderError(err)) throw err;
    }
    await new Promise((r) => setTimeout(r, 40));
  }
  return latest;
}

describe('Huawei provider against the fake ECS', () => {
  it('sends the mode asked for: HARD, and SOFT explicitly', async () => {
    const { provider, fake } = await open({ servers: servers(2) });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    await provider.stop([found[0]!], 'HARD');
    await provider.stop([found[1]!], 'SOFT');
    expect(fake.state.stopTypes).toEqual(['HARD', 'SOFT']);
    expect(provider.capabilities).toEqual({ modes: ['SOFT', 'HARD'], batchLimit: 1000, tags: 'server' });
  });

  it('stops 2,500 servers in 3 calls of at most 1,000 and tracks them all to stopped', async () => {
    const seeds = servers(2500);
    const { provider, fake, calls } = await open({ servers: seeds, stopDelayMs: 80 });
    const { found } = await provider.resolve(seeds.map((s) => s.id));
    expect(found).toHaveLength(2500);
    expect(fake.calls('ListServersDetails')).toBe(25);
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('BatchStopServers')).toBe(3);
    expect(fake.state.jobs.size).toBe(3);
    const outcome = await trackUntilSettled(provider, found, res.tracking);
    expect([...outcome.values()].filter((r) => r.state !== 'stopped')).toEqual([]);
    expect(outcome.size).toBe(2500);
    for (const s of seeds) expect(fake.stopRequestsFor(s.id)).toBe(1);
    expect(calls.every((c) => c.ok && c.requestId !== undefined)).toBe(true);
  });

  it('skips status reads while the job runs', async () => {
    // Servers that take a minute to stop: the job is surely still running at the first round.
    const { provider, fake } = await open({ servers: servers(3), stopDelayMs: 60_000 });
    const { found } = await provider.resolve(servers(3).map((s) => s.id));
    const res = await provider.stop(found, 'SOFT');
    const reads = fake.calls('ListServersDetails');
    const round = await provider.track(found, res.tracking);
    expect(round.reports).toEqual([]);
    expect(round.tracking).toEqual(res.tracking);
    expect(fake.calls('ShowJob')).toBe(1);
    expect(fake.calls('ListServersDetails')).toBe(reads);
  });

  it('counts a server whose sub-job FAILed but whose status is SHUTOFF as stopped', async () => {
    const seeds: FakeServerSeed[] = [...servers(1), { id: sid(1), name: 'off', state: 'stopped' }];
    const { provider, fake } = await open({ servers: seeds, stopDelayMs: 50 });
    const { found } = await provider.resolve(seeds.map((s) => s.id));
    const res = await provider.stop(found, 'SOFT');
    await waitUntil(() => fake.isStopped(sid(0)), 5_000, 'the running server to stop');
    const [jobId] = [...fake.state.jobs.keys()];
    const job = fake.state.jobBody(jobId ?? '') as {
      status: string;
      entities: { sub_jobs: { status: string }[] };
    };
    expect(job.status).toBe('FAIL');
    expect(job.entities.sub_jobs.map((s) => s.status)).toEqual(['SUCCESS', 'FAIL']);
    const outcome = await trackUntilSettled(provider, found, res.tracking);
    expect(outcome.get(sid(0))?.state).toBe('stopped');
    expect(outcome.get(sid(1))).toMatchObject({ state: 'stopped', status: 'SHUTOFF' });
  });

  it('reports a FAILed sub-job on a server still ACTIVE as failed with the job reason', async () => {
    const seeds: FakeServerSeed[] = [{ ...servers(1)[0]!, failStop: true }];
    const { provider } = await open({ servers: seeds, stopDelayMs: 50 });
    const { found } = await provider.resolve([sid(0)]);
    const res = await provider.stop(found, 'HARD');
    const outcome = await trackUntilSettled(provider, found, res.tracking);
    expect(outcome.get(sid(0))).toMatchObject({ state: 'failed', code: 'Ecs.1000', status: 'ACTIVE' });
    expect(outcome.get(sid(0))?.reason).toContain('did not shut down');
  });

  it('falls back to server status when the job record has expired (Common.0011)', async () => {
    const { provider, fake, calls } = await open({ servers: servers(2), stopDelayMs: 30 });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    const res = await provider.stop(found, 'SOFT');
    await waitUntil(() => fake.isStopped(sid(0)) && fake.isStopped(sid(1)), 5_000, 'both servers stopped');
    fake.expireJobs();
    const round = await provider.track(found, res.tracking);
    expect(round.reports.map((r) => r.state)).toEqual(['stopped', 'stopped']);
    expect(calls.find((c) => c.operation === 'ShowJob')).toMatchObject({ ok: false, code: 'Common.0011' });
    expect(round.tracking).toEqual({ jobs: [], byStatus: [], failures: [] });
  });

  it('keeps exact name matches only (the cloud filter is fuzzy)', async () => {
    const seeds: FakeServerSeed[] = [
      { id: sid(0), name: 'web', state: 'running' },
      { id: sid(1), name: 'web-1', state: 'running' },
      { id: sid(2), name: 'WEB', state: 'running' },
      { id: sid(3), name: 'old-web', state: 'stopped' },
    ];
    const { provider, fake } = await open({ servers: seeds });
    const res = await provider.resolve(['web', 'eb', 'old-web']);
    expect(res.found.map((m) => m.id)).toEqual([sid(0), sid(3)]);
    expect(res.found[1]).toMatchObject({ stopped: true, status: 'SHUTOFF' });
    expect(res.unknown).toEqual(['eb']);
    expect(fake.calls('ListServersDetails')).toBe(3);
  });

  it('lists all servers once when many names are asked, paging by marker', async () => {
    const seeds = servers(2300);
    const { provider, fake } = await open({ servers: seeds });
    const names = Array.from({ length: 12 }, (_, i) => `srv-${i * 190}`);
    const res = await provider.resolve([...names, 'srv-99999']);
    expect(res.found.map((m) => m.name)).toEqual(names);
    expect(res.unknown).toEqual(['srv-99999']);
    expect(fake.calls('ListServersDetails')).toBe(3);
  });

  it('parses the gateway error shape (wrong key): APIGW.0301, not retried, no secrets in the message', async () => {
    const { provider, fake } = await open({
      servers: servers(1),
      credentials: { ak: TEST_AK, sk: 'wrong-secret' },
    });
    const err = await rejection(provider.resolve([sid(0)]));
    expect(err).toMatchObject({ providerCode: 'APIGW.0301', httpStatus: 401, retryable: false });
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(err.message).not.toMatch(/canonicalRequest|wrong-secret|Signature=/);
    expect(fake.authFailures()).toBe(1);
  });

  it('is refused by the fake when X-Sdk-Date is more than 15 minutes off', async () => {
    const { provider } = await open({
      servers: servers(1),
      providerNow: () => new Date(Date.now() - 16 * 60_000),
    });
    const err = await rejection(
      provider.status([{ id: sid(0), name: 'x', status: 'ACTIVE', stopped: false }]),
    );
    expect(err.providerCode).toBe('APIGW.0301');
    expect(err.message).toContain('signature expired');
  });

  it('parses both error shapes and takes the request ID from the body when the header is missing', async () => {
    const { provider, fake } = await open({ servers: servers(2) });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    fake.faults.script({
      operation: 'BatchStopServers',
      when: 'before',
      kind: ecsError(403, 'Ecs.0003', 'Your account is restricted.'),
    });
    const refused = await provider.stop(found, 'SOFT');
    expect(refused.reports).toEqual([
      {
        id: sid(0),
        state: 'failed',
        code: 'Ecs.0003',
        reason: 'Ecs.0003: BatchStopServers: Your account is restricted.',
      },
      {
        id: sid(1),
        state: 'failed',
        code: 'Ecs.0003',
        reason: 'Ecs.0003: BatchStopServers: Your account is restricted.',
      },
    ]);
    fake.faults.script({
      operation: 'ListServersDetails',
      when: 'before',
      kind: { ...gatewayError(403, 'APIGW.0306', 'Forbidden', 'req-in-body'), noRequestIdHeader: true },
    });
    const err = await rejection(provider.status(found));
    expect(err).toMatchObject({ providerCode: 'APIGW.0306', httpStatus: 403, requestId: 'req-in-body' });
  });

  it('after an ambiguous 502 on stop, checks status and does not stop again when the stop took hold', async () => {
    const { provider, fake } = await open({ servers: servers(2), stopDelayMs: 200 });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    fake.faults.script({ operation: 'BatchStopServers', when: 'after', kind: 'html' });
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('BatchStopServers')).toBe(1);
    expect(res.tracking).toMatchObject({ jobs: [], byStatus: [sid(0), sid(1)] });
    const outcome = await trackUntilSettled(provider, found, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped']);
    expect(fake.stopRequestsFor(sid(0))).toBe(1);
  });

  it('after a lost stop that did not act (reset), checks status and stops once more', async () => {
    const { provider, fake } = await open({ servers: servers(2) });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    fake.faults.script({ operation: 'BatchStopServers', when: 'before', kind: 'reset' });
    const res = await provider.stop(found, 'SOFT');
    expect(fake.calls('BatchStopServers')).toBe(2);
    expect((res.tracking as { jobs: unknown[] }).jobs).toHaveLength(1);
    expect(fake.stopRequestsFor(sid(0))).toBe(1);
  });

  it.each(['timeout', 'reset'] as const)(
    'after a stop that acted but whose answer was lost (%s), reads status and sends no second stop',
    async (kind) => {
      // A slow stop: the server is still powering off when the provider looks again.
      const { provider, fake } = await open({
        servers: servers(2),
        stopDelayMs: 5000,
        timeoutMs: 300,
        holdMs: 600,
      });
      const { found } = await provider.resolve([sid(0), sid(1)]);
      fake.faults.script({ operation: 'BatchStopServers', when: 'after', kind });
      const res = await provider.stop(found, 'SOFT');
      expect(res.reports).toEqual([]);
      expect(res.tracking).toMatchObject({ jobs: [], byStatus: [sid(0), sid(1)] });
      expect(fake.calls('BatchStopServers')).toBe(1);
      for (const id of [sid(0), sid(1)]) {
        expect(fake.stopsTookHoldFor(id)).toBe(1);
        expect(fake.stopsWhileStoppingFor(id)).toBe(0);
        expect(fake.stopRequestsFor(id)).toBe(1);
      }
    },
  );

  it('sends a stop again only to a server that reads ACTIVE and idle, never to one already stopping', async () => {
    // Server 0's guest refuses (its stop fails at once); server 1 stops. The first answer is lost.
    const { provider, fake } = await open({
      servers: [{ ...servers(1)[0], failStop: true } as FakeServerSeed, ...servers(1, 1)],
      stopDelayMs: 5000,
      timeoutMs: 300,
      holdMs: 600,
    });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    fake.faults.script({ operation: 'BatchStopServers', when: 'after', kind: 'timeout' });
    const res = await provider.stop(found, 'SOFT');
    expect(fake.calls('BatchStopServers')).toBe(2);
    // The retry named only the server whose status said a stop was still needed.
    expect(fake.stopRequestsFor(sid(0))).toBe(2);
    expect(fake.stopRequestsFor(sid(1))).toBe(1);
    expect(fake.stopsTookHoldFor(sid(1))).toBe(1);
    expect(fake.stopsWhileStoppingFor(sid(0)) + fake.stopsWhileStoppingFor(sid(1))).toBe(0);
    expect(res.tracking).toMatchObject({ byStatus: [sid(1)] });
  });

  it('with ~30% of calls failing, ends with every server stopped, each stopped exactly once', async () => {
    const seeds = servers(1500);
    const { provider, fake } = await open({
      servers: seeds,
      stopDelayMs: 60,
      timeoutMs: 250,
      holdMs: 600,
      retry: { retries: 6, baseMs: 10, capMs: 80 },
      faults: { rate: 0.3, kinds: ['500', '429', 'timeout', 'reset', 'html'], seed: 7 },
    });
    let found: Machine[] = [];
    for (let i = 0; i < 5 && found.length === 0; i++) {
      found = await provider.resolve(seeds.map((s) => s.id)).then(
        (r) => r.found,
        () => [],
      );
    }
    expect(found).toHaveLength(1500);
    // On top of the random faults: the first stop acts, then its answer never comes.
    fake.faults.script({ operation: 'BatchStopServers', when: 'after', kind: 'timeout' });
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    const outcome = await trackUntilSettled(provider, found, res.tracking);
    expect([...outcome.values()].filter((r) => r.state !== 'stopped')).toEqual([]);
    expect(outcome.size).toBe(1500);
    for (const s of seeds) {
      expect(fake.isStopped(s.id)).toBe(true);
      expect(fake.stopRequestsFor(s.id)).toBe(1);
    }
    const dealt = [...fake.faults.dealt.values()].reduce((a, b) => a + b, 0);
    expect(dealt).toBeGreaterThan(5);
    expect(fake.faults.dealt.get('timeout/after')).toBeGreaterThanOrEqual(1);
  });

  describe('a batch refused whole for one server (Ecs.0114 / Ecs.0614 / Ecs.0100)', () => {
    for (const missingCode of ['Ecs.0114', 'Ecs.0614'] as const) {
      it(`${missingCode}: the missing server is reported, the others are stopped in a second call`, async () => {
        const { provider, fake } = await open({ servers: servers(3), stopDelayMs: 30 });
        fake.state.batchRefusal = { mode: 'whole-batch', missingCode };
        const { found } = await provider.resolve([sid(0), sid(1), sid(2)]);
        const gone: Machine = { ...found[0]!, id: sid(9), name: 'srv-gone' };
        const res = await provider.stop([found[0]!, gone, found[1]!, found[2]!], 'SOFT');
        // The refusal was the fake's own, and the second call carried only the servers that exist.
        expect(fake.state.refusedBatches).toEqual([
          { ids: [sid(0), sid(9), sid(1), sid(2)], code: missingCode },
        ]);
        expect(fake.calls('BatchStopServers')).toBe(2);
        expect(res.reports).toEqual([expect.objectContaining({ id: sid(9), state: 'failed' })]);
        const outcome = await trackUntilSettled(provider, found, res.tracking);
        expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped', 'stopped']);
        for (const i of [0, 1, 2]) expect(fake.stopRequestsFor(sid(i))).toBe(2);
        expect(fake.state.jobs.size).toBe(1);
      });
    }

    it('Ecs.0100 for a server already powering off: it is tracked, not sent again, the rest are stopped', async () => {
      const { provider, fake } = await open({ servers: servers(3), stopDelayMs: 60_000 });
      const { found } = await provider.resolve([sid(0), sid(1), sid(2)]);
      // sid(1) is already on its way down (an earlier stop).
      await provider.stop([found[1]!], 'SOFT');
      fake.state.batchRefusal = { mode: 'whole-batch', missingCode: 'Ecs.0114' };
      const res = await provider.stop(found, 'SOFT');
      expect(fake.state.refusedBatches.map((b) => b.code)).toEqual(['Ecs.0100']);
      expect(res.reports).toEqual([]);
      expect(res.tracking).toMatchObject({ byStatus: [sid(1)] });
      const jobs = (res.tracking as { jobs: { ids: string[] }[] }).jobs;
      expect(jobs.map((j) => j.ids)).toEqual([[sid(0), sid(2)]]);
      // sid(1): the earlier stop, and the refused batch; never a third.
      expect(fake.stopRequestsFor(sid(1))).toBe(2);
    });

    it('Ecs.0100 for servers that are all still running: reported failed, never sent in a loop', async () => {
      const { provider, fake } = await open({ servers: servers(2), stopDelayMs: 30 });
      const { found } = await provider.resolve([sid(0), sid(1)]);
      fake.state.batchRefusal = { mode: 'whole-batch', missingCode: 'Ecs.0114' };
      // The fake refuses a running server only when it is busy; make both look busy to the fake
      // while they read as running to the provider: a refusal the status cannot explain.
      fake.state.refuseWhole = (ids) => {
        fake.state.refusedBatches.push({ ids: [...ids], code: 'Ecs.0100' });
        return { status: 400, code: 'Ecs.0100', message: 'The ECS status does not meet requirements.' };
      };
      const res = await provider.stop(found, 'SOFT');
      expect(fake.calls('BatchStopServers')).toBe(1);
      expect(res.reports.map((r) => [r.id, r.state, r.code])).toEqual([
        [sid(0), 'failed', 'Ecs.0100'],
        [sid(1), 'failed', 'Ecs.0100'],
      ]);
    });
  });
});
