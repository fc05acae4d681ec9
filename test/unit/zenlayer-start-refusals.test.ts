import { describe, expect, it } from 'vitest';
import { trackToEnd } from '../contracts/provider.contract.js';
import { asMachine, startZenlayerHarness, zenlayerSeeds } from '../fakes/zenlayer/harness.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * StartInstances refused over one instance. Whether the cloud still starts the others of the
 * batch is not documented (start.md §3): the fake answers both ways, and each good instance
 * must be started exactly once either way.
 */
const open = closeAfterEach(startZenlayerHarness);
const UNKNOWN = '9999999999999999999';
const stopped = (n: number) => zenlayerSeeds(n).map((s) => ({ ...s, status: 'STOPPED' }));

for (const batchSemantics of ['all-or-nothing', 'partial'] as const) {
  describe(`zenlayer start, a batch refused over one instance (${batchSemantics})`, () => {
    it('an unknown ID: reported, each stopped one started once and followed to RUNNING', async () => {
      const seeds = stopped(2);
      const { fake, provider } = await open({ machines: seeds, stopDelayMs: 30, batchSemantics });
      const machines = seeds.map((s) => asMachine(s.id, 'STOPPED'));
      const res = await provider.start([machines[0]!, asMachine(UNKNOWN, 'STOPPED'), machines[1]!]);
      expect(res.reports.map((r) => [r.id, r.state, r.code])).toEqual([
        [UNKNOWN, 'failed', 'INVALID_INSTANCE_NOT_FOUND'],
      ]);
      for (const s of seeds) expect(fake.startsActedOn(s.id), s.id).toBe(1);
      expect(fake.calls('StartInstances')).toBe(batchSemantics === 'partial' ? 1 : 2);
      const outcome = await trackToEnd(provider, machines, res.tracking);
      expect([...outcome.values()].map((r) => r.state)).toEqual(['running', 'running']);
    });

    it('the status read fails too: left to tracking as doubts, failed only if still STOPPED', async () => {
      const retry = { retries: 1, baseMs: 1, capMs: 5 };
      const seeds = stopped(1);
      const { fake, provider } = await open({ machines: seeds, stopDelayMs: 5_000, retry, batchSemantics });
      fake.injectNext('500', retry.retries + 1, 'DescribeInstances');
      const machines = [asMachine(seeds[0]!.id, 'STOPPED'), asMachine(UNKNOWN, 'STOPPED')];
      const res = await provider.start(machines);
      expect(res.reports).toEqual([]);
      expect(res.tracking).toMatchObject({
        op: 'start',
        unconfirmed: [{ id: seeds[0]!.id }, { id: UNKNOWN }],
      });
      const round = await provider.track(machines, res.tracking);
      const by = new Map(round.reports.map((r) => [r.id, r]));
      expect(by.get(UNKNOWN)).toMatchObject({ state: 'failed', code: 'INVALID_INSTANCE_NOT_FOUND' });
      if (batchSemantics === 'partial') {
        expect(by.get(seeds[0]!.id)).toMatchObject({ state: 'starting', status: 'BOOTING' });
      } else {
        expect(by.get(seeds[0]!.id)).toMatchObject({ state: 'failed', code: 'START_UNCONFIRMED' });
        expect(by.get(seeds[0]!.id)?.reason).toMatch(/^start refused \(.*\); the instance is still STOPPED$/);
      }
      expect(fake.startsActedOn(seeds[0]!.id)).toBe(batchSemantics === 'partial' ? 1 : 0);
    });
  });
}
