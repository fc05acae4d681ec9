import { expect, it } from 'vitest';
import type { TargetReport } from '../../src/providers/types.js';
import { seed, trackToEnd } from './provider.contract.js';
import type { FixtureMachine, ProviderFixture, ProviderFixtureFactory } from './provider-fixture.js';

type Open = (machines: FixtureMachine[], stopDelayMs?: number) => Promise<ProviderFixture>;

/** Start again (undo): the behaviour every provider must show against its fake cloud. */
export function startCases(factory: ProviderFixtureFactory, open: Open): void {
  it('starts in the fewest calls the batch limit allows and tracks to running', async () => {
    const n = factory.batchLimit + 1;
    const machines = seed(factory, n, 0, { state: 'stopped' });
    const f = await open(machines);
    const { found } = await f.provider.resolve(machines.map((m) => m.id));
    expect(found).toHaveLength(n);
    const res = await f.provider.start(found);
    const groups = new Set(found.map((m) => m.group ?? '')).size;
    expect(f.startCalls()).toBeLessThanOrEqual(Math.ceil(n / factory.batchLimit) + groups - 1);
    expect(f.stopCalls()).toBe(0);
    expect(res.reports.filter((r) => r.state === 'failed')).toEqual([]);
    const outcome = await trackToEnd(f.provider, found, res.tracking);
    expect([...outcome.values()].filter((r) => r.state !== 'running')).toEqual([]);
    expect(outcome.size).toBe(n);
    for (const m of machines) {
      expect(f.isRunning(m.id)).toBe(true);
      expect(f.startRequestsFor(m.id)).toBe(1);
    }
  });

  it('brings back what a stop stopped: stop, track, start, track', async () => {
    const machines = seed(factory, 3);
    const f = await open(machines, 60);
    const { found } = await f.provider.resolve(machines.map((m) => m.id));
    const stopped = await f.provider.stop(found, f.provider.capabilities.modes[0]!);
    const down = await trackToEnd(f.provider, found, stopped.tracking);
    expect([...down.values()].map((r) => r.state)).toEqual(['stopped', 'stopped', 'stopped']);
    const started = await f.provider.start(found);
    const up = await trackToEnd(f.provider, found, started.tracking);
    expect(found.map((m) => up.get(m.id)?.state)).toEqual(['running', 'running', 'running']);
    for (const m of machines) expect(f.isRunning(m.id)).toBe(true);
  });

  it('reports a machine someone already started as running, not failed', async () => {
    const machines = seed(factory, 3, 0, { state: 'stopped' });
    machines[1]!.state = 'running';
    const f = await open(machines);
    const { found } = await f.provider.resolve(machines.map((m) => m.id));
    const res = await f.provider.start(found);
    const tracked = await trackToEnd(
      f.provider,
      found.filter((m) => !res.reports.some((r) => r.id === m.id && r.state === 'failed')),
      res.tracking,
    );
    const all = new Map<string, TargetReport>([...res.reports.map((r) => [r.id, r] as const), ...tracked]);
    expect(found.map((m) => all.get(m.id)?.state)).toEqual(['running', 'running', 'running']);
  });

  it('reports a machine the cloud fails to start as failed with a reason, and starts the rest', async () => {
    const machines = seed(factory, 4, 0, { state: 'stopped' });
    machines[2]!.failStart = true;
    const f = await open(machines);
    const { found } = await f.provider.resolve(machines.map((m) => m.id));
    const res = await f.provider.start(found);
    const settledNow = new Set(res.reports.filter((r) => r.state === 'failed').map((r) => r.id));
    const tracked = await trackToEnd(
      f.provider,
      found.filter((m) => !settledNow.has(m.id)),
      res.tracking,
    );
    const all = new Map<string, TargetReport>([...res.reports.map((r) => [r.id, r] as const), ...tracked]);
    const bad = all.get(machines[2]!.id);
    expect(bad?.state).toBe('failed');
    expect(bad?.reason ?? '').not.toBe('');
    for (const i of [0, 1, 3]) expect(all.get(machines[i]!.id)?.state).toBe('running');
    expect(f.isRunning(machines[2]!.id)).toBe(false);
  });

  it('rides out throttling on a start with backoff, starting each machine once', async () => {
    const machines = seed(factory, 2, 0, { state: 'stopped' });
    const f = await open(machines);
    const { found } = await f.provider.resolve(machines.map((m) => m.id));
    f.throttleNext(2);
    const res = await f.provider.start(found);
    const outcome = await trackToEnd(f.provider, found, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['running', 'running']);
    for (const m of machines) expect(f.startRequestsFor(m.id)).toBe(1);
  });

  it('reads a machine on its way up as starting, then running', async () => {
    const machines = seed(factory, 1, 0, { state: 'stopped' });
    const f = await open(machines, 1500);
    const { found } = await f.provider.resolve(machines.map((m) => m.id));
    const before = await f.provider.status(found);
    expect(before.map((r) => r.state)).toEqual(['stopped']);
    const res = await f.provider.start(found);
    expect(res.reports).toEqual([]);
    const during = await f.provider.status(found);
    expect(during.map((r) => r.state)).toEqual(['starting']);
  });
}
