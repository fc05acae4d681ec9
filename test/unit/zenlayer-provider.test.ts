import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/lib/clock.js';
import type { CallRecord, TargetReport } from '../../src/providers/types.js';
import { zenlayerRetryPolicy } from '../../src/providers/zenlayer/client.js';
import { trackToEnd } from '../contracts/provider.contract.js';
import {
  asMachine,
  zenlayerSeeds as seeds,
  startZenlayerHarness,
  zenlayerId,
} from '../fakes/zenlayer/harness.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const open = closeAfterEach(startZenlayerHarness);

const byId = (reports: TargetReport[]) => new Map(reports.map((r) => [r.id, r]));

describe('zenlayer provider: stopping', () => {
  it('stops 250 instances in 3 StopInstances calls and tracks them to STOPPED', async () => {
    const { fake, provider } = await open({ machines: seeds(250), stopDelayMs: 50 });
    const { found } = await provider.resolve(seeds(250).map((m) => m.id));
    expect(found).toHaveLength(250);
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('StopInstances')).toBe(3);
    const outcome = await trackToEnd(provider, found, res.tracking);
    expect([...outcome.values()].filter((r) => r.state !== 'stopped')).toEqual([]);
    expect(fake.authFailures()).toBe(0);
  });

  it('one unknown ID in a batch of 100: the other 99 are stopped and the bad one reported', async () => {
    const { fake, provider } = await open({ machines: seeds(99), stopDelayMs: 20 });
    const machines = [...seeds(50).map((s) => asMachine(s.id)), asMachine('9999999999999999999')];
    machines.push(...seeds(49, 50).map((s) => asMachine(s.id)));
    const res = await provider.stop(machines, 'SOFT');
    expect(res.reports).toEqual([
      expect.objectContaining({
        id: '9999999999999999999',
        state: 'failed',
        code: 'INVALID_INSTANCE_NOT_FOUND',
      }),
    ]);
    // Refused whole, then the 99 again: two stop calls, one describe to find the culprit.
    expect(fake.calls('StopInstances')).toBe(2);
    expect(fake.calls('DescribeInstances')).toBe(1);
    for (const s of seeds(99)) expect(fake.stopsActedOn(s.id)).toBe(1);
    const outcome = await trackToEnd(provider, machines.slice(0, 50), res.tracking);
    expect([...outcome.values()].every((r) => r.state === 'stopped')).toBe(true);
  });

  // Whether StopInstances stops the good IDs of a batch it refuses is not confirmed: both ways.
  for (const batchSemantics of ['all-or-nothing', 'partial'] as const) {
    it(`${batchSemantics}: one unknown ID among running and already-stopping ones; each good one acted on once`, async () => {
      const { fake, provider } = await open({ machines: seeds(6), stopDelayMs: 5_000, batchSemantics });
      // The first one is already powering off from an earlier stop.
      await provider.stop([asMachine(seeds(1)[0]!.id)], 'SOFT');
      const bad = asMachine('9999999999999999999');
      const good = seeds(6).map((m) => asMachine(m.id));
      const res = await provider.stop([...good.slice(0, 3), bad, ...good.slice(3)], 'SOFT');
      expect(res.reports).toEqual([
        expect.objectContaining({
          id: '9999999999999999999',
          state: 'failed',
          code: 'INVALID_INSTANCE_NOT_FOUND',
        }),
      ]);
      // Never a second stop for an instance the cloud already acted on.
      for (const m of seeds(6)) expect(fake.stopsActedOn(m.id), m.id).toBe(1);
      for (const m of seeds(6)) expect(['STOPPING', 'STOPPED']).toContain(fake.statusOf(m.id));
    });
  }

  it('one instance the cloud refuses in a batch of 100: bisects to it and stops the rest', async () => {
    const machines = seeds(100);
    machines[37] = { ...machines[37]!, failStop: true };
    const { fake, provider } = await open({ machines, stopDelayMs: 20 });
    const res = await provider.stop(
      machines.map((m) => asMachine(m.id)),
      'SOFT',
    );
    expect(res.reports).toEqual([
      expect.objectContaining({
        id: machines[37]!.id,
        state: 'failed',
        code: 'OPERATION_DENIED_INSTANCE_STATUS',
      }),
    ]);
    expect(res.reports[0]?.reason).toMatch(/OPERATION_DENIED_INSTANCE_STATUS/);
    for (const [i, m] of machines.entries()) expect(fake.stopsActedOn(m.id)).toBe(i === 37 ? 0 : 1);
    // 1 + 2 per halving (7 levels for 100) at most.
    expect(fake.calls('StopInstances')).toBeLessThanOrEqual(15);
  });

  it('NOT_RUNNING on instances already STOPPED or STOPPING counts as stopped/stopping, not failed', async () => {
    const machines = seeds(5);
    machines[1] = { ...machines[1]!, status: 'STOPPED' };
    machines[2] = { ...machines[2]!, status: 'STOPPING' };
    machines[3] = { ...machines[3]!, status: 'RECYCLE' };
    const { fake, provider } = await open({ machines, stopDelayMs: 20 });
    const res = await provider.stop(
      machines.map((m) => asMachine(m.id)),
      'SOFT',
    );
    const reports = byId(res.reports);
    expect(reports.get(machines[1]!.id)).toEqual({
      id: machines[1]!.id,
      state: 'stopped',
      status: 'STOPPED',
    });
    expect(reports.has(machines[2]!.id)).toBe(false); // on its way: tracked
    expect(reports.get(machines[3]!.id)).toMatchObject({ state: 'failed', status: 'RECYCLE' });
    expect(reports.get(machines[3]!.id)?.reason).toMatch(/recycle bin/);
    expect(fake.stopsActedOn(machines[0]!.id)).toBe(1);
    expect(fake.stopsActedOn(machines[4]!.id)).toBe(1);

    const single = await provider.stop([asMachine(machines[1]!.id, 'STOPPED')], 'SOFT');
    expect(single.reports).toEqual([{ id: machines[1]!.id, state: 'stopped', status: 'STOPPED' }]);
  });

  it('backs off 1, 2, 4 s on 429 REQUEST_LIMIT_EXCEEDED with the default policy, then succeeds', async () => {
    const sleeps: number[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
    const calls: CallRecord[] = [];
    const { fake, provider } = await open({
      machines: seeds(2),
      retry: zenlayerRetryPolicy,
      clock,
      random: () => 0,
      observe: (_p, c) => calls.push(c),
    });
    fake.throttleNext(3);
    const res = await provider.stop(
      seeds(2).map((s) => asMachine(s.id)),
      'SOFT',
    );
    expect(res.reports).toEqual([]);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(calls.map((c) => [c.operation, c.ok, c.code])).toEqual([
      ['StopInstances', false, 'REQUEST_LIMIT_EXCEEDED'],
      ['StopInstances', false, 'REQUEST_LIMIT_EXCEEDED'],
      ['StopInstances', false, 'REQUEST_LIMIT_EXCEEDED'],
      ['StopInstances', true, undefined],
    ]);
    for (const s of seeds(2)) expect(fake.stopRequestsFor(s.id)).toBe(1);
  });

  it('refuses HARD: bmc has no force flag', async () => {
    const { fake, provider } = await open({ machines: seeds(1) });
    expect(provider.capabilities).toEqual({ modes: ['SOFT'], batchLimit: 100, tags: 'server' });
    await expect(provider.stop([asMachine(zenlayerId(0))], 'HARD')).rejects.toMatchObject({
      providerCode: 'UNSUPPORTED_MODE',
    });
    expect(fake.calls()).toBe(0);
  });
});
