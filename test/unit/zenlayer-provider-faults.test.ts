import { describe, expect, it } from 'vitest';
import { trackToEnd } from '../contracts/provider.contract.js';
import {
  asMachine,
  zenlayerSeeds as seeds,
  startZenlayerHarness,
  zenlayerId,
} from '../fakes/zenlayer/harness.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const open = closeAfterEach(startZenlayerHarness);

describe('zenlayer provider: failures that may have acted', () => {
  it('connection reset after the cloud acted: status check shows STOPPING, no second stop', async () => {
    const { fake, provider } = await open({ machines: seeds(3), stopDelayMs: 300 });
    fake.injectNext('reset');
    const machines = seeds(3).map((s) => asMachine(s.id));
    const res = await provider.stop(machines, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('StopInstances')).toBe(1);
    for (const m of machines) expect(fake.stopRequestsFor(m.id)).toBe(1);
    const outcome = await trackToEnd(provider, machines, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('client timeout after the cloud acted: no second stop', async () => {
    const { fake, provider } = await open({ machines: seeds(2), stopDelayMs: 10_000, timeoutMs: 300 });
    fake.injectNext('timeout');
    const res = await provider.stop(
      seeds(2).map((s) => asMachine(s.id)),
      'SOFT',
    );
    expect(res.reports).toEqual([]);
    expect(fake.calls('StopInstances')).toBe(1);
    expect(fake.stopsActedOn(zenlayerId(0))).toBe(1);
  });

  it('a 500 or an HTML 502 before acting: status check shows RUNNING, stopped once on the next try', async () => {
    const { fake, provider } = await open({ machines: seeds(2), stopDelayMs: 30 });
    fake.injectNext('500');
    fake.injectNext('html');
    const res = await provider.stop(
      seeds(2).map((s) => asMachine(s.id)),
      'SOFT',
    );
    expect(res.reports).toEqual([]);
    // 500 on the stop, HTML 502 on the status read (retried), then the stop again.
    expect(fake.calls('StopInstances')).toBe(2);
    for (const s of seeds(2)) expect(fake.stopRequestsFor(s.id)).toBe(1);
  });

  it('stop and status check both failing: tracked as unconfirmed, failed if still RUNNING', async () => {
    const { fake, provider } = await open({
      machines: seeds(2),
      stopDelayMs: 30,
      retry: { retries: 2, baseMs: 1, capMs: 5 },
    });
    fake.injectNext('500', 4); // the stop, then the status read and its 2 retries
    const machines = seeds(2).map((s) => asMachine(s.id));
    const res = await provider.stop(machines, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(res.tracking).toMatchObject({ unconfirmed: [{ id: zenlayerId(0) }, { id: zenlayerId(1) }] });
    expect(JSON.parse(JSON.stringify(res.tracking))).toEqual(res.tracking);
    const round = await provider.track(machines, res.tracking);
    expect(round.reports.map((r) => [r.state, r.code])).toEqual([
      ['failed', 'STOP_UNCONFIRMED'],
      ['failed', 'STOP_UNCONFIRMED'],
    ]);
    expect(round.reports[0]?.reason).toMatch(/INTERNAL_SERVER_ERROR.*still RUNNING/);
    expect(round.tracking).toEqual({});
  });
});

describe('zenlayer provider: tracking', () => {
  it('reports BOOTING (someone started it) and RECYCLE as failed, and a vanished instance as not found', async () => {
    const { fake, provider } = await open({ machines: seeds(4), stopDelayMs: 10_000 });
    const machines = seeds(4).map((s) => asMachine(s.id));
    const res = await provider.stop(machines, 'SOFT');
    fake.setStatus(zenlayerId(0), 'BOOTING');
    fake.setStatus(zenlayerId(1), 'RECYCLE');
    const gone = asMachine('8888888888888888888');
    const round = await provider.track([...machines, gone], res.tracking);
    const by = new Map(round.reports.map((r) => [r.id, r]));
    expect(by.get(zenlayerId(0))).toMatchObject({ state: 'failed', status: 'BOOTING' });
    expect(by.get(zenlayerId(0))?.reason).toMatch(/someone started it/);
    expect(by.get(zenlayerId(1))).toMatchObject({ state: 'failed', status: 'RECYCLE' });
    expect(by.get(zenlayerId(2))).toMatchObject({ state: 'stopping', status: 'STOPPING' });
    expect(by.get(gone.id)).toMatchObject({ state: 'failed', code: 'INVALID_INSTANCE_NOT_FOUND' });
    const status = await provider.status([machines[3]!]);
    expect(status).toEqual([{ id: zenlayerId(3), state: 'stopping', status: 'STOPPING' }]);
  });

  it('describes at most 100 IDs per call', async () => {
    const { fake, provider } = await open({ machines: seeds(250) });
    const reports = await provider.status(seeds(250).map((s) => asMachine(s.id)));
    expect(reports.every((r) => r.state === 'running')).toBe(true);
    expect(fake.calls('DescribeInstances')).toBe(3);
  });

  it('with ~30% injected faults every instance still ends STOPPED, each stop acted on once', async () => {
    // Seeded, so the same fault sequence each run; 1,000 instances make ~50 calls.
    const n = 1000;
    const { fake, provider } = await open({
      machines: seeds(n),
      stopDelayMs: 30,
      timeoutMs: 400,
      retry: { retries: 10, baseMs: 2, capMs: 20 },
      faults: { rate: 0.3, kinds: ['500', '429', 'timeout', 'reset', 'html'], seed: 42, hangMs: 1000 },
    });
    const { found, unknown } = await provider.resolve(seeds(n).map((s) => s.id));
    expect(unknown).toEqual([]);
    const res = await provider.stop(found, 'SOFT');
    // A stop whose answer was lost may already read STOPPED at the status check.
    expect(res.reports.filter((r) => r.state !== 'stopped')).toEqual([]);
    const settled = new Set(res.reports.map((r) => r.id));
    const pending = found.filter((m) => !settled.has(m.id));
    const outcome = await trackToEnd(provider, pending, res.tracking, 100, 20);
    expect([...outcome.values()].filter((r) => r.state !== 'stopped')).toEqual([]);
    expect(outcome.size + settled.size).toBe(n);
    for (const s of seeds(n)) {
      expect(fake.statusOf(s.id)).toBe('STOPPED');
      expect(fake.stopsActedOn(s.id)).toBe(1);
      expect(fake.stopRequestsFor(s.id)).toBe(1);
    }
    expect(fake.authFailures()).toBe(0);
    const injected = fake.faultsInjected();
    for (const kind of ['500', '429', 'timeout', 'reset', 'html'] as const)
      expect(injected[kind]).toBeGreaterThan(0);
  });
});
