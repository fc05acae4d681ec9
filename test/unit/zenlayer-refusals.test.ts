import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/lib/clock.js';
import { trackToEnd } from '../contracts/provider.contract.js';
import { asMachine, zenlayerSeeds as seeds, startZenlayerHarness } from '../fakes/zenlayer/harness.js';
import { FAKE_ACCESS_KEY_ID } from '../fakes/zenlayer/server.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * How StopInstances refusals are handled: one that names no instance, one whose status check
 * fails, and a call that keeps failing. Whether a refused batch still stops its other instances
 * is not documented (zenlayer.md §7), so the fake answers both ways where it matters.
 */
const open = closeAfterEach(startZenlayerHarness);
const UNKNOWN = '9999999999999999999';

describe('zenlayer stop: refusals', () => {
  it('a refusal naming no instance (bad signature): each one failed with its code, no status check', async () => {
    const { fake, provider } = await open({
      machines: seeds(2),
      credentials: { [FAKE_ACCESS_KEY_ID]: 'not-the-password-the-bot-signs-with' },
    });
    const res = await provider.stop(
      seeds(2).map((s) => asMachine(s.id)),
      'SOFT',
    );
    expect(res.reports.map((r) => [r.id, r.state, r.code, r.status])).toEqual(
      seeds(2).map((s) => [s.id, 'failed', 'SIGNATURE_MISMATCH', undefined]),
    );
    for (const r of res.reports) expect(r.reason).toMatch(/^stop refused: .*signature does not match/);
    expect(fake.calls('StopInstances')).toBe(1);
    expect(fake.calls('DescribeInstances')).toBe(0);
    expect(res.tracking).toEqual({});
  });

  for (const batchSemantics of ['all-or-nothing', 'partial'] as const) {
    it(`${batchSemantics}: refused over an unknown ID and the status check fails too: left to tracking, not failed`, async () => {
      const retry = { retries: 2, baseMs: 1, capMs: 5 };
      const { fake, provider } = await open({
        machines: seeds(1),
        stopDelayMs: 5_000,
        retry,
        batchSemantics,
      });
      const [only] = seeds(1);
      fake.injectNext('500', retry.retries + 1, 'DescribeInstances');
      const machines = [asMachine(only!.id), asMachine(UNKNOWN)];
      const res = await provider.stop(machines, 'SOFT');
      // Nothing is final yet: whether the refused batch stopped the running one is unknown.
      expect(res.reports).toEqual([]);
      const doubts = (res.tracking as { unconfirmed: { id: string; reason: string }[] }).unconfirmed;
      expect(doubts.map((d) => d.id)).toEqual([only!.id, UNKNOWN]);
      for (const d of doubts) {
        expect(d.reason).toMatch(
          /^stop refused \(.*INVALID_INSTANCE_NOT_FOUND.*\) and the status check failed \(.*INTERNAL_SERVER_ERROR.*\)$/,
        );
      }
      expect(fake.calls('StopInstances')).toBe(1);
      const round = await provider.track(machines, res.tracking);
      const by = new Map(round.reports.map((r) => [r.id, r]));
      expect(by.get(UNKNOWN)).toMatchObject({ state: 'failed', code: 'INVALID_INSTANCE_NOT_FOUND' });
      if (batchSemantics === 'partial') {
        // The cloud did stop it: tracked to the end, never called failed.
        expect(by.get(only!.id)).toMatchObject({ state: 'stopping', status: 'STOPPING' });
        expect(fake.stopsActedOn(only!.id)).toBe(1);
      } else {
        expect(by.get(only!.id)).toMatchObject({ state: 'failed', code: 'STOP_UNCONFIRMED' });
        expect(by.get(only!.id)?.reason).toMatch(/status check failed .*; the instance is still RUNNING$/);
        expect(fake.stopsActedOn(only!.id)).toBe(0);
      }
      expect(round.tracking).toEqual({});
    });
  }

  it('a call that keeps failing (500) while status reads RUNNING: sent retries + 1 times, then failed', async () => {
    const retry = { retries: 2, baseMs: 1, capMs: 5 };
    const { fake, provider } = await open({ machines: seeds(2), retry });
    fake.injectNext('500', 10, 'StopInstances');
    const res = await provider.stop(
      seeds(2).map((s) => asMachine(s.id)),
      'SOFT',
    );
    expect(res.reports.map((r) => [r.id, r.state, r.code, r.status])).toEqual(
      seeds(2).map((s) => [s.id, 'failed', 'INTERNAL_SERVER_ERROR', 'RUNNING']),
    );
    for (const r of res.reports) expect(r.reason).toMatch(/^stop call kept failing: .*INTERNAL_SERVER_ERROR/);
    expect(fake.calls('StopInstances')).toBe(retry.retries + 1);
    expect(fake.calls('DescribeInstances')).toBe(retry.retries + 1);
    expect(res.tracking).toEqual({});
  });

  it('backs off longer on each try after a call that may have acted (500): base, then double', async () => {
    const sleeps: number[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
    const retry = { retries: 3, baseMs: 100, capMs: 10_000 };
    const { fake, provider } = await open({ machines: seeds(1), retry, clock, random: () => 0 });
    fake.injectNext('500', 2, 'StopInstances');
    const res = await provider.stop([asMachine(seeds(1)[0]!.id)], 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('StopInstances')).toBe(3);
    // Equal jitter with random() = 0: half of 100, then half of 200.
    expect(sleeps).toEqual([50, 100]);
  });

  it('a call that failed once (500) is sent again within the policy and then stops', async () => {
    const { fake, provider } = await open({ machines: seeds(2), retry: { retries: 1, baseMs: 1, capMs: 5 } });
    fake.injectNext('500', 1, 'StopInstances');
    const machines = seeds(2).map((s) => asMachine(s.id));
    const res = await provider.stop(machines, 'SOFT');
    expect(res.reports).toEqual([]);
    expect(fake.calls('StopInstances')).toBe(2);
    const outcome = await trackToEnd(provider, machines, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['stopped', 'stopped']);
  });
});
