import { expect, it } from 'vitest';
import type { StoreAccess } from '../store.contract.js';
import { decision, makeRequest, T0 } from './fixtures.js';

const sorted = (ids: string[]) => [...ids].sort();

export function activeCases(store: StoreAccess): void {
  it('lists pending and approved requests as active, and drops them once final', async () => {
    expect(await store().listActive()).toEqual([]);
    const [approved, rejected, expired, done, pending] = Array.from({ length: 5 }, () => makeRequest());
    for (const r of [approved, rejected, expired, done, pending]) if (r) await store().createRequest(r);
    if (!approved || !rejected || !expired || !done || !pending) throw new Error('five requests');
    expect(sorted(await store().listActive())).toEqual(
      sorted([approved.id, rejected.id, expired.id, done.id, pending.id]),
    );

    await store().decide(approved.id, decision());
    await store().decide(rejected.id, decision({ action: 'reject' }));
    await store().expire(expired.id, expired.expiresAt);
    await store().decide(done.id, decision());
    await store().finish(done.id, T0 + 5_000);
    expect(sorted(await store().listActive())).toEqual(sorted([approved.id, pending.id]));
  });

  it('keeps a request active when a transition is refused', async () => {
    const r = makeRequest();
    await store().createRequest(r);
    expect((await store().finish(r.id, T0 + 1)).ok).toBe(false);
    expect((await store().decide(r.id, decision({ allowed: false }))).ok).toBe(false);
    expect((await store().expire(r.id, T0 + 1)).ok).toBe(false);
    expect(await store().listActive()).toEqual([r.id]);
    expect(await store().createRequest({ ...r, reason: 'again' })).toBe(false);
    expect(await store().listActive()).toEqual([r.id]);
  });
}
