import { describe, expect, it } from 'vitest';
import { startZenlayerHarness, zenlayerId } from '../fakes/zenlayer/harness.js';
import type { FakeMachineSeed } from '../fakes/zenlayer/machines.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const fleet = (n: number): FakeMachineSeed[] =>
  Array.from({ length: n }, (_, i) => ({
    id: zenlayerId(i),
    name: `bm-${i}`,
    status: i % 7 ? 'RUNNING' : 'STOPPED',
  }));

const open = closeAfterEach(startZenlayerHarness);

describe('zenlayer provider: resolve', () => {
  it('resolves 3,000 IDs with one DescribeInstances per 100', async () => {
    const { fake, provider } = await open({ machines: fleet(3000) });
    const res = await provider.resolve(fleet(3000).map((m) => m.id));
    expect(res.found).toHaveLength(3000);
    expect(res.found[7]).toEqual({
      id: zenlayerId(7),
      name: 'bm-7',
      status: 'STOPPED',
      stopped: true,
      tags: {},
    });
    expect(res.found[8]).toEqual({
      id: zenlayerId(8),
      name: 'bm-8',
      status: 'RUNNING',
      stopped: false,
      tags: {},
    });
    expect(fake.calls('DescribeInstances')).toBe(30);
  });

  it('looks up a few names one call each, exactly (a trailing * is not a wildcard here)', async () => {
    const machines = [...fleet(12), { id: zenlayerId(100), name: 'bm-*' }];
    const { fake, provider } = await open({ machines });
    const res = await provider.resolve(['bm-1', 'bm-1*', 'bm-*', zenlayerId(3), 'bm-3']);
    expect(res.found.map((m) => m.name)).toEqual(['bm-1', 'bm-*', 'bm-3']);
    expect(res.unknown).toEqual(['bm-1*']);
    // One describe trying every ref as an ID, then one per name not matched as an ID.
    expect(fake.calls('DescribeInstances')).toBe(1 + 4);
  });

  it('looks up many names with one listing of every instance, and finds ambiguous names', async () => {
    const machines = fleet(2500);
    machines[2400] = { ...machines[2400]!, name: 'bm-5' };
    const { fake, provider } = await open({ machines });
    const names = Array.from({ length: 30 }, (_, i) => `bm-${i * 3}`);
    const res = await provider.resolve([...names, 'nope']);
    expect(res.ambiguous).toEqual([]);
    expect(res.found.map((m) => m.name)).toEqual(names);
    expect(res.unknown).toEqual(['nope']);
    // 31 refs as IDs in one call, then 3 pages of 1,000.
    expect(fake.calls('DescribeInstances')).toBe(4);

    const twice = await provider.resolve([...names.slice(0, 11), 'bm-5']);
    expect(twice.ambiguous.map((a) => a.ref)).toEqual(['bm-5']);
    expect(twice.ambiguous[0]?.matches.map((m) => m.id).sort()).toEqual(
      [zenlayerId(5), zenlayerId(2400)].sort(),
    );
  });

  it('copes with an API that refuses unknown IDs instead of leaving them out', async () => {
    const { provider } = await open({ machines: fleet(10), strictDescribeIds: true });
    const res = await provider.resolve([zenlayerId(1), 'bm-2', zenlayerId(99), zenlayerId(3)]);
    expect(res.found.map((m) => m.id)).toEqual([zenlayerId(1), zenlayerId(2), zenlayerId(3)]);
    expect(res.unknown).toEqual([zenlayerId(99)]);
  });

  it('asks nothing for an empty list', async () => {
    const { fake, provider } = await open({ machines: fleet(1) });
    expect(await provider.resolve([])).toEqual({ found: [], unknown: [], ambiguous: [] });
    expect(fake.calls()).toBe(0);
  });
});
