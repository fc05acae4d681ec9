import { expect, it } from 'vitest';
import { isProviderError } from '../../src/errors.js';
import { seed } from './provider.contract.js';
import type { FixtureMachine, ProviderFixture, ProviderFixtureFactory } from './provider-fixture.js';

type Open = (machines: FixtureMachine[], stopDelayMs?: number) => Promise<ProviderFixture>;

const ids = (ms: readonly { id: string }[]) => ms.map((m) => m.id).sort();

/** Selecting machines by tag: the behaviour every provider with tags must show against its fake. */
export function tagCases(factory: ProviderFixtureFactory, open: Open): void {
  it('finds exactly the machines carrying every tag (key=value, or a key with any value)', async () => {
    const machines = seed(factory, 6);
    machines[0]!.tags = { team: 'payments', env: 'staging' };
    machines[2]!.tags = { team: 'payments', env: 'prod' };
    machines[3]!.tags = { team: 'payments-old', env: 'staging' };
    machines[4]!.tags = { owner: 'team=payments' };
    machines[5]!.tags = { env: 'staging=x' };
    const f = await open(machines);
    const team = await f.provider.findByTags([{ key: 'team', value: 'payments' }], 500);
    expect(ids(team.machines)).toEqual(ids([machines[0]!, machines[2]!]));
    expect(team).toMatchObject({ total: 2, exact: true });
    expect(team.machines.find((m) => m.id === machines[0]!.id)?.tags).toMatchObject({ env: 'staging' });
    const both = await f.provider.findByTags(
      [
        { key: 'team', value: 'payments' },
        { key: 'env', value: 'staging' },
      ],
      500,
    );
    expect(ids(both.machines)).toEqual([machines[0]!.id]);
    const anyEnv = await f.provider.findByTags([{ key: 'env' }], 500);
    expect(ids(anyEnv.machines)).toEqual(ids([machines[0]!, machines[2]!, machines[3]!, machines[5]!]));
    const withValue = await f.provider.findByTags([{ key: 'env', value: 'staging=x' }], 500);
    expect(ids(withValue.machines)).toEqual([machines[5]!.id]);
  });

  it('finds nothing for a tag no machine carries, and refuses an empty tag list', async () => {
    const machines = seed(factory, 3, 0, { tags: { env: 'prod' } });
    const f = await open(machines);
    const none = await f.provider.findByTags([{ key: 'env', value: 'staging' }], 500);
    expect(none).toEqual({ machines: [], total: 0, exact: true });
    const err = await f.provider.findByTags([], 500).catch((e: unknown) => e);
    expect(isProviderError(err) && err.providerCode).toBe('TagsEmpty');
  });

  it('uses the cloud filter: a tag matching three of many machines is not a whole listing', async () => {
    const n = factory.listPageSize * 2 + 10;
    const machines = seed(factory, n);
    for (const i of [1, factory.listPageSize + 3, n - 1]) machines[i]!.tags = { incident: 'compromised' };
    const f = await open(machines);
    const before = f.totalCalls();
    const res = await f.provider.findByTags([{ key: 'incident', value: 'compromised' }], 500);
    expect(res.total).toBe(3);
    expect(ids(res.machines)).toEqual(ids([1, factory.listPageSize + 3, n - 1].map((i) => machines[i]!)));
    const calls = f.totalCalls() - before;
    if (f.provider.capabilities.tags === 'server') expect(calls).toBe(1);
    else expect(calls).toBeGreaterThanOrEqual(1);
  });

  it('follows the pages of the cloud filter to the last match', async () => {
    const n = factory.listPageSize + 7;
    const machines = seed(factory, n + 5);
    for (let i = 0; i < n; i++) machines[i]!.tags = { env: 'staging' };
    const f = await open(machines);
    const res = await f.provider.findByTags([{ key: 'env', value: 'staging' }], 100_000);
    expect(res).toMatchObject({ total: n, exact: true });
    expect(ids(res.machines)).toEqual(ids(machines.slice(0, n)));
  });

  it('stops listing once more than the cap match, and says the count is not exact', async () => {
    const n = factory.listPageSize * 2 + 10;
    const machines = seed(factory, n, 0, { tags: { env: 'staging' } });
    const f = await open(machines);
    const before = f.totalCalls();
    const res = await f.provider.findByTags([{ key: 'env' }], 10);
    expect(res.total).toBeGreaterThan(10);
    expect(res.machines.length).toBe(res.total);
    if (f.provider.capabilities.tags !== 'none' && factory.name !== 'sandbox') {
      expect(res.exact).toBe(false);
      expect(f.totalCalls() - before).toBe(1);
    }
  });
}
