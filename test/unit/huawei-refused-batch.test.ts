import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/lib/clock.js';
import type { Machine } from '../../src/providers/types.js';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { trackToEnd } from '../contracts/provider.contract.js';
import { startHuaweiRig } from '../fakes/huawei/rig.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * A batch call that fails, followed by a status read: which servers are sent again, which are
 * reported, and what happens when the status read fails too. The fake refuses a whole batch
 * over one server (Ecs.0114 / Ecs.0614 / Ecs.0100), one of the two ways the spec leaves open.
 */
const open = closeAfterEach(startHuaweiRig);
const retry = { retries: 2, baseMs: 1, capMs: 2 };
const seed = (i: number, state: FakeServerSeed['state']): FakeServerSeed => ({
  id: sid(i),
  name: `srv-${i}`,
  state,
});
const gone = (i: number): Machine => ({ id: sid(i), name: `srv-${i}`, status: 'ACTIVE', stopped: false });

describe('Huawei: the status read after a failed batch call fails too', () => {
  it('a stop whose answer was lost (500 after acting): followed by status, never reported failed', async () => {
    const { provider, fake } = await open({
      servers: [seed(0, 'running'), seed(1, 'running')],
      stopDelayMs: 60,
      retry,
    });
    const { found } = await provider.resolve([sid(0), sid(1)]);
    fake.faults.script({ operation: 'BatchStopServers', when: 'after', kind: '500' });
    for (let i = 0; i <= retry.retries; i++)
      fake.faults.script({ operation: 'ListServersDetails', when: 'before', kind: '500' });
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(res.tracking).toMatchObject({ jobs: [], byStatus: [sid(0), sid(1)] });
    expect(fake.calls('BatchStopServers')).toBe(1);
    const outcome = await trackToEnd(provider, found, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped']);
    for (const id of [sid(0), sid(1)]) expect(fake.stopRequestsFor(id)).toBe(1);
  });

  for (const missingCode of ['Ecs.0114', 'Ecs.0614'] as const) {
    it(`a batch refused whole (${missingCode}): every server in it failed with that code, none stopped`, async () => {
      const { provider, fake } = await open({ servers: [seed(0, 'running')], retry });
      fake.state.batchRefusal = { mode: 'whole-batch', missingCode };
      const { found } = await provider.resolve([sid(0)]);
      for (let i = 0; i <= retry.retries; i++)
        fake.faults.script({ operation: 'ListServersDetails', when: 'before', kind: '500' });
      const res = await provider.stop([found[0]!, gone(9)], 'SOFT');
      expect(res.reports.map((r) => [r.id, r.state, r.code])).toEqual([
        [sid(0), 'failed', missingCode],
        [sid(9), 'failed', missingCode],
      ]);
      for (const r of res.reports) expect(r.reason).toMatch(/does not exist/);
      expect(res.tracking).toMatchObject({ jobs: [], byStatus: [] });
      expect(fake.calls('BatchStopServers')).toBe(1);
      expect(fake.isRunning(sid(0))).toBe(true);
    });
  }
});

describe('Huawei: a batch refused whole over one server (Ecs.0100)', () => {
  it('a server in ERROR: reported as broken, the others stopped in a second call', async () => {
    const servers = [seed(0, 'running'), seed(1, 'error'), seed(2, 'running')];
    const { provider, fake } = await open({ servers, stopDelayMs: 30, retry });
    fake.state.batchRefusal = { mode: 'whole-batch', missingCode: 'Ecs.0114' };
    const { found } = await provider.resolve([sid(0), sid(1), sid(2)]);
    const res = await provider.stop(found, 'SOFT');
    expect(fake.state.refusedBatches).toEqual([{ ids: [sid(0), sid(1), sid(2)], code: 'Ecs.0100' }]);
    expect(res.reports.map((r) => [r.id, r.state, r.code, r.status])).toEqual([
      [sid(1), 'failed', 'ERROR', 'ERROR'],
    ]);
    expect(res.reports[0]?.reason).toMatch(/ERROR state/);
    expect((res.tracking as { jobs: { ids: string[] }[] }).jobs.map((j) => j.ids)).toEqual([
      [sid(0), sid(2)],
    ]);
    const outcome = await trackToEnd(provider, [found[0]!, found[2]!], res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped']);
  });

  it('a start refused whole: the missing one reported, the one already running followed, the rest started', async () => {
    const servers = [seed(0, 'stopped'), seed(1, 'running'), seed(2, 'stopped')];
    const { provider, fake } = await open({ servers, stopDelayMs: 30, retry });
    fake.state.batchRefusal = { mode: 'whole-batch', missingCode: 'Ecs.0614' };
    const { found } = await provider.resolve([sid(0), sid(1), sid(2)]);
    const res = await provider.start([gone(9), ...found]);
    expect(fake.state.refusedBatches).toEqual([
      { ids: [sid(9), sid(0), sid(1), sid(2)], code: 'Ecs.0614', op: 'start' },
    ]);
    expect(res.reports.map((r) => [r.id, r.state, r.code])).toEqual([[sid(9), 'failed', 'NOT_FOUND']]);
    expect(res.tracking).toMatchObject({ byStatus: [sid(1)], jobs: [{ ids: [sid(0), sid(2)] }] });
    expect(fake.calls('BatchStartServers')).toBe(2);
    const outcome = await trackToEnd(provider, found, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['running', 'running', 'running']);
    expect(fake.startRequestsFor(sid(1))).toBe(1);
  });
});

describe('Huawei: the wait before the status read', () => {
  const recording = () => {
    const sleeps: number[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
    return { sleeps, clock };
  };
  const backoff = { retries: 2, baseMs: 100, capMs: 10_000 };

  it('backs off before reading status after a call that may have acted', async () => {
    const { sleeps, clock } = recording();
    const { provider, fake } = await open({
      servers: [seed(0, 'running')],
      retry: backoff,
      clock,
      random: () => 0,
    });
    const { found } = await provider.resolve([sid(0)]);
    fake.faults.script({ operation: 'BatchStopServers', when: 'before', kind: '500' });
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('BatchStopServers')).toBe(2);
    expect(sleeps).toEqual([50]);
  });

  it('reads status at once after a refusal (nothing was done)', async () => {
    const { sleeps, clock } = recording();
    const { provider, fake } = await open({
      servers: [seed(0, 'running')],
      retry: backoff,
      clock,
      random: () => 0,
    });
    fake.state.batchRefusal = { mode: 'whole-batch', missingCode: 'Ecs.0114' };
    const { found } = await provider.resolve([sid(0)]);
    const res = await provider.stop([found[0]!, gone(9)], 'SOFT');
    expect(res.reports.map((r) => [r.id, r.code])).toEqual([[sid(9), 'NOT_FOUND']]);
    expect(fake.calls('BatchStopServers')).toBe(2);
    expect(sleeps).toEqual([]);
  });
});
