import { expect, it } from 'vitest';
import type { StoreAccess } from '../store.contract.js';
import { decision, makeRequest, T0 } from './fixtures.js';

export function recentCases(store: StoreAccess): void {
  it('lists the newest requests in brief with their outcome counts, newest first', async () => {
    expect(await store().listRecent(10)).toEqual([]);
    const a = makeRequest({ createdAt: T0 });
    const b = makeRequest({ createdAt: T0 + 1000, reason: '' });
    const c = makeRequest({ createdAt: T0 + 2000 });
    for (const r of [a, b, c]) await store().createRequest(r);
    await store().decide(a.id, decision());
    await store().recordOutcomes(a.id, {
      'srv-0': { state: 'stopped', at: T0 + 5000 },
      'srv-1': { state: 'failed', reason: 'refused', at: T0 + 5000 },
    });
    await store().setCard(c.id, { channel: 'C_OPS', ts: '1.000100' });

    const recent = await store().listRecent(10);
    expect(recent.map((d) => d.id)).toEqual([c.id, b.id, a.id]);
    const [dc, db, da] = recent;
    expect(da).toMatchObject({
      id: a.id,
      provider: 'huawei',
      requester: 'U_BOB',
      channel: 'C_OPS',
      state: 'approved',
      decidedBy: 'U_ALICE',
      targets: 3,
      createdAt: T0,
      counts: { stopped: 1, failed: 1, pending: 1 },
    });
    expect(db?.reason).toBe('');
    expect(db?.card).toBeUndefined();
    expect(dc?.card).toEqual({ channel: 'C_OPS', ts: '1.000100' });
    expect(dc?.counts).toEqual({ pending: 3 });
    expect((await store().listRecent(2)).map((d) => d.id)).toEqual([c.id, b.id]);
  });
}
