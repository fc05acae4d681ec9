import { afterEach, describe, expect, it } from 'vitest';
import {
  isSettled,
  type Machine,
  operationOf,
  type Provider,
  type TargetReport,
} from '../../src/providers/types.js';
import type { FixtureMachine, ProviderFixture, ProviderFixtureFactory } from './provider-fixture.js';
import { startCases } from './provider-start.cases.js';
import { tagCases } from './provider-tags.cases.js';

/** Run tracking rounds (of a stop or a start, as the state says) until every machine is settled or the rounds run out. */
export async function trackToEnd(
  provider: Provider,
  machines: Machine[],
  tracking: Record<string, unknown>,
  rounds = 60,
  pauseMs = 50,
): Promise<Map<string, TargetReport>> {
  const latest = new Map<string, TargetReport>();
  const op = operationOf(tracking);
  let state = tracking;
  for (let i = 0; i < rounds; i++) {
    const pending = machines.filter((m) => {
      const r = latest.get(m.id);
      return !r || !isSettled(op, r.state);
    });
    if (pending.length === 0) break;
    const res = await provider.track(pending, state);
    state = res.tracking;
    for (const r of res.reports) latest.set(r.id, r);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return latest;
}

export function seed(
  factory: ProviderFixtureFactory,
  n: number,
  from = 0,
  extra: Partial<FixtureMachine> = {},
) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      id: factory.makeId(i),
      name: `m-${i}`,
      state: 'running' as const,
      group: factory.makeGroup?.(i),
      ...extra,
    };
  });
}

/** The behaviour every provider must show against its fake cloud. */
export function providerContract(factory: ProviderFixtureFactory): void {
  describe(`provider contract: ${factory.name}`, () => {
    let fx: ProviderFixture | undefined;
    const open = async (machines: FixtureMachine[], stopDelayMs = 150) => {
      fx = await factory.create(machines, { stopDelayMs });
      return fx;
    };
    afterEach(async () => {
      await fx?.close();
      fx = undefined;
    });

    it('resolves by ID and by exact name, and reports unknown refs', async () => {
      const machines = seed(factory, 3);
      machines.push({ ...seed(factory, 1, 3)[0]!, name: 'm-10' });
      const { provider } = await open(machines);
      const res = await provider.resolve([machines[0]!.id, 'm-1', 'm-1', 'nope-404', factory.makeId(999)]);
      expect(res.found.map((m) => m.id)).toEqual([machines[0]!.id, machines[1]!.id]);
      expect(res.found[1]!.name).toBe('m-1');
      expect(res.found.every((m) => !m.stopped)).toBe(true);
      expect(res.unknown.sort()).toEqual([factory.makeId(999), 'nope-404'].sort());
      expect(res.ambiguous).toEqual([]);
    });

    it('suggests machines by name as one types, capped, in one list call', async () => {
      const machines = seed(factory, 25);
      const { provider } = await open(machines);
      const before = fx!.totalCalls();
      const hits = await provider.suggest('m-1', 5);
      expect(fx!.totalCalls() - before).toBe(1);
      expect(hits.length).toBe(5);
      expect(hits.every((m) => m.name.includes('m-1'))).toBe(true);
      const all = await provider.suggest('', 100);
      expect(all.length).toBe(25);
      expect(await provider.suggest('zz-none', 10)).toEqual([]);
      expect(fx!.stopCalls()).toBe(0);
    });

    it('reports a name shared by two machines as ambiguous', async () => {
      const machines = seed(factory, 3);
      machines[2]!.name = 'm-0';
      const { provider } = await open(machines);
      const res = await provider.resolve(['m-0', 'm-1']);
      expect(res.ambiguous.map((a) => a.ref)).toEqual(['m-0']);
      expect(res.ambiguous[0]!.matches.map((m) => m.id).sort()).toEqual(
        [machines[0]!.id, machines[2]!.id].sort(),
      );
      expect(res.found.map((m) => m.name)).toEqual(['m-1']);
    });

    it('marks machines that are already stopped', async () => {
      const machines = seed(factory, 2);
      machines[1]!.state = 'stopped';
      const { provider } = await open(machines);
      const res = await provider.resolve(machines.map((m) => m.id));
      expect(res.found.map((m) => m.stopped)).toEqual([false, true]);
    });

    it('stops in the fewest calls the batch limit allows and tracks to the end', async () => {
      const n = factory.batchLimit + 1;
      const machines = seed(factory, n);
      const f = await open(machines);
      const { found } = await f.provider.resolve(machines.map((m) => m.id));
      expect(found).toHaveLength(n);
      const before = f.stopCalls();
      const res = await f.provider.stop(found, f.provider.capabilities.modes[0]!);
      const groups = new Set(found.map((m) => m.group ?? '')).size;
      expect(f.stopCalls() - before).toBeLessThanOrEqual(Math.ceil(n / factory.batchLimit) + groups - 1);
      expect(res.reports.filter((r) => r.state === 'failed')).toEqual([]);
      const outcome = await trackToEnd(f.provider, found, res.tracking);
      expect([...outcome.values()].filter((r) => r.state !== 'stopped')).toEqual([]);
      expect(outcome.size).toBe(n);
      for (const m of machines) {
        expect(f.isStopped(m.id)).toBe(true);
        expect(f.stopRequestsFor(m.id)).toBe(1);
      }
    });

    it('reports a machine the cloud refuses to stop as failed with a reason, and stops the rest', async () => {
      const machines = seed(factory, 4);
      machines[1]!.failStop = true;
      const f = await open(machines);
      const { found } = await f.provider.resolve(machines.map((m) => m.id));
      const res = await f.provider.stop(found, f.provider.capabilities.modes[0]!);
      const tracked = await trackToEnd(
        f.provider,
        found.filter((m) => !res.reports.some((r) => r.id === m.id && r.state !== 'stopping')),
        res.tracking,
      );
      const all = new Map<string, TargetReport>([...res.reports.map((r) => [r.id, r] as const), ...tracked]);
      const bad = all.get(machines[1]!.id);
      expect(bad?.state).toBe('failed');
      expect(bad?.reason ?? '').not.toBe('');
      for (const i of [0, 2, 3]) expect(all.get(machines[i]!.id)?.state).toBe('stopped');
    });

    it('rides out throttling with backoff, then succeeds', async () => {
      const machines = seed(factory, 2);
      const f = await open(machines);
      f.throttleNext(2);
      const { found } = await f.provider.resolve(machines.map((m) => m.id));
      expect(found).toHaveLength(2);
      f.throttleNext(2);
      const res = await f.provider.stop(found, f.provider.capabilities.modes[0]!);
      const outcome = await trackToEnd(f.provider, found, res.tracking);
      expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped']);
      for (const m of machines) expect(f.stopRequestsFor(m.id)).toBe(1);
    });

    it('reads current status directly', async () => {
      const machines = seed(factory, 2);
      machines[1]!.state = 'stopped';
      const f = await open(machines);
      const { found } = await f.provider.resolve(machines.map((m) => m.id));
      const reports = await f.provider.status(found);
      const byId = new Map(reports.map((r) => [r.id, r.state]));
      // A running machine reads as 'running' (a stop is still needed), never 'stopping'.
      expect(byId.get(machines[0]!.id)).toBe('running');
      expect(byId.get(machines[1]!.id)).toBe('stopped');
    });

    startCases(factory, open);
    tagCases(factory, open);
  });
}
