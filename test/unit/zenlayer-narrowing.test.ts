import { describe, expect, it } from 'vitest';
import { asMachine, zenlayerSeeds as seeds, startZenlayerHarness } from '../fakes/zenlayer/harness.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * Narrowing a refused StopInstances down to its culprits with as few status reads as it takes:
 * the batch is described once, and a refusal the status cannot explain
 * (OPERATION_DENIED_INSTANCE_STATUS on instances known to be RUNNING) is split, not described
 * again. Whether a refused batch stops its other instances is not documented: both ways.
 */
const open = closeAfterEach(startZenlayerHarness);
const UNKNOWN = '9999999999999999999';

for (const batchSemantics of ['all-or-nothing', 'partial'] as const) {
  describe(`zenlayer stop, narrowing (${batchSemantics})`, () => {
    it('two refused instances, one in each half: one status read, both failed, the rest stopped once', async () => {
      const machines = seeds(8).map((m, i) => (i === 2 || i === 6 ? { ...m, failStop: true } : m));
      const { fake, provider } = await open({ machines, stopDelayMs: 5_000, batchSemantics });
      const res = await provider.stop(
        machines.map((m) => asMachine(m.id)),
        'SOFT',
      );
      expect(res.reports.map((r) => [r.id, r.state, r.code, r.status])).toEqual([
        [machines[2]!.id, 'failed', 'OPERATION_DENIED_INSTANCE_STATUS', 'RUNNING'],
        [machines[6]!.id, 'failed', 'OPERATION_DENIED_INSTANCE_STATUS', 'RUNNING'],
      ]);
      expect(fake.calls('DescribeInstances')).toBe(1);
      for (const m of machines) expect(fake.stopsActedOn(m.id), m.id).toBe(m.failStop ? 0 : 1);
      expect(res.tracking).toEqual({});
    });

    it('an unknown ID settled by the status read, then a refused one among the rest: no second read', async () => {
      const machines = seeds(2).map((m, i) => (i === 0 ? { ...m, failStop: true } : m));
      const { fake, provider } = await open({ machines, stopDelayMs: 5_000, batchSemantics });
      const res = await provider.stop(
        [asMachine(machines[0]!.id), asMachine(UNKNOWN), asMachine(machines[1]!.id)],
        'SOFT',
      );
      expect(res.reports.map((r) => [r.id, r.state, r.code])).toEqual([
        [UNKNOWN, 'failed', 'INVALID_INSTANCE_NOT_FOUND'],
        [machines[0]!.id, 'failed', 'OPERATION_DENIED_INSTANCE_STATUS'],
      ]);
      expect(fake.calls('DescribeInstances')).toBe(1);
      expect(fake.stopsActedOn(machines[1]!.id)).toBe(1);
      expect(fake.stopsActedOn(machines[0]!.id)).toBe(0);
    });

    it('a 500 (read RUNNING after it) and then a refusal of the one instance: not read a second time', async () => {
      const machines = [{ ...seeds(1)[0]!, failStop: true }];
      const { fake, provider } = await open({ machines, batchSemantics });
      fake.injectNext('500', 1, 'StopInstances');
      const res = await provider.stop([asMachine(machines[0]!.id)], 'SOFT');
      expect(res.reports.map((r) => [r.id, r.state, r.code, r.status])).toEqual([
        [machines[0]!.id, 'failed', 'OPERATION_DENIED_INSTANCE_STATUS', 'RUNNING'],
      ]);
      expect(fake.calls('StopInstances')).toBe(2);
      expect(fake.calls('DescribeInstances')).toBe(1);
    });
  });
}
