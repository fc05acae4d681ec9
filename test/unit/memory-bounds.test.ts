import { describe, expect, it } from 'vitest';
import { createExpiringKeys } from '../../src/approvals/memory-bounds.js';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { makeRequest } from '../contracts/store-cases/fixtures.js';

/** Finding 7: in-memory state keyed by user input is bounded and expires. */
describe('memory bounds', () => {
  it('expiring keys: the oldest go past the bound, and expired ones are swept', () => {
    let t = 0;
    const keys = createExpiringKeys<true>(1_000, () => t);
    for (let i = 0; i < 50_000; i++) keys.set(`trigger:${i}`, true, 60_000);
    expect(keys.size).toBe(1_000);
    expect(keys.get('trigger:49999')).toBe(true);
    expect(keys.get('trigger:0')).toBeUndefined();
    t = 120_000;
    for (let i = 0; i < 1_000; i++) keys.set(`later:${i}`, true, 1);
    expect(keys.size).toBeLessThanOrEqual(1_000);
    expect(keys.get('trigger:49999')).toBeUndefined();
  });

  it('50,000 refused clicks and 150,000 distinct once-claims leave bounded structures behind', async () => {
    const store = createMemoryStore();
    const request = makeRequest();
    await store.createRequest(request);
    for (let i = 0; i < 50_000; i++) {
      await store.appendAudit(request.id, {
        at: i,
        type: 'click_approve',
        actor: `U${i}`,
        refused: 'stale',
        detail: { allowed: false, reason: 'stale', seenVersion: 0 },
      });
    }
    for (let i = 0; i < 150_000; i++) await store.claimOnce(`command:${i}.${'x'.repeat(40)}`, 3_600_000);
    const history = await store.history(request.id);
    expect(history.events).toHaveLength(20);
    expect(history.refusedNotKept).toEqual({ 'click_approve:stale': 49_980 });
    // The newest claims hold; the oldest were let go rather than kept forever.
    expect(await store.claimOnce(`command:149999.${'x'.repeat(40)}`, 1_000)).toBe(false);
    expect(await store.claimOnce(`command:0.${'x'.repeat(40)}`, 1_000)).toBe(true);
  });

  it('keeps at most 10,000 requests, dropping the oldest finished ones', async () => {
    const store = createMemoryStore();
    const first = makeRequest({ state: 'rejected' });
    await store.createRequest(first);
    for (let i = 0; i < 10_050; i++)
      await store.createRequest(makeRequest({ state: 'expired', targets: [] }));
    expect(await store.getRequest(first.id)).toBeNull();
    const active = makeRequest();
    await store.createRequest(active);
    expect(await store.getRequest(active.id)).not.toBeNull();
  });
});
