import { expect, it } from 'vitest';
import type { StoreAccess } from '../store.contract.js';
import { makeRequest, sleep, T0 } from './fixtures.js';

export function auxiliaryCases(store: StoreAccess): void {
  it('stores and replaces tracking state', async () => {
    const { id } = makeRequest();
    expect(await store().getTracking(id)).toBeNull();
    await store().setTracking(id, { jobs: { 'job-1': ['srv-0', 'srv-1'] }, round: 1 });
    expect(await store().getTracking(id)).toEqual({ jobs: { 'job-1': ['srv-0', 'srv-1'] }, round: 1 });
    await store().setTracking(id, { round: 2 });
    expect(await store().getTracking(id)).toEqual({ round: 2 });
  });

  it('claims a key once until its TTL passes', async () => {
    const key = `summary:${makeRequest().id}`;
    expect(await store().claimOnce(key, 150)).toBe(true);
    expect(await store().claimOnce(key, 150)).toBe(false);
    expect(await store().claimOnce(`${key}:other`, 150)).toBe(true);
    await sleep(250);
    expect(await store().claimOnce(key, 150)).toBe(true);
  });

  it('gives a claim back on release', async () => {
    const key = `summary:${makeRequest().id}`;
    expect(await store().claimOnce(key, 60_000)).toBe(true);
    await store().releaseOnce(key);
    expect(await store().claimOnce(key, 60_000)).toBe(true);
    expect(await store().claimOnce(key, 60_000)).toBe(false);
    await store().releaseOnce(`${key}:never-claimed`);
  });

  it('lets exactly one of 20 concurrent claimOnce calls win', async () => {
    const key = `dedupe:${makeRequest().id}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => store().claimOnce(key, 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps marks until their TTL passes', async () => {
    const key = `edit:${makeRequest().id}`;
    expect(await store().getMark(key)).toBeNull();
    await store().setMark(key, T0 + 123, 150);
    expect(await store().getMark(key)).toBe(T0 + 123);
    await store().setMark(key, T0 + 456, 150);
    expect(await store().getMark(key)).toBe(T0 + 456);
    await sleep(250);
    expect(await store().getMark(key)).toBeNull();
  });

  it('appends audit events and reads them back in order', async () => {
    const { id } = makeRequest();
    expect(await store().readAudit(id)).toEqual([]);
    const events = [
      { at: T0, type: 'requested', actor: 'U_BOB', detail: { targets: 3, reason: 'miner «x»' } },
      { at: T0 + 1, type: 'approved', actor: 'U_ALICE' },
      { at: T0 + 2, type: 'stop_call', detail: { operation: 'BatchStopServers', ok: true, ms: 120 } },
    ];
    for (const e of events) await store().appendAudit(id, e);
    expect(await store().readAudit(id)).toEqual(events);
    expect(await store().readAudit(makeRequest().id)).toEqual([]);
  });

  it('keeps the decisions of a request whatever number of refused clicks follows; refused ones past 20 are counted', async () => {
    const { id } = makeRequest();
    await store().appendAudit(id, { at: T0, type: 'requested', actor: 'U_BOB' });
    const refused = Array.from({ length: 10_200 }, (_, i) => ({
      at: T0 + i,
      type: 'click_approve',
      actor: `U_${i}`,
      refused: i % 2 ? 'stale' : 'not_allowed',
    }));
    for (let i = 0; i < refused.length; i += 200) {
      await Promise.all(refused.slice(i, i + 200).map((e) => store().appendAudit(id, e)));
    }
    await store().appendAudit(id, { at: T0 + 20_000, type: 'click_approve', actor: 'U_ALICE' });
    const history = await store().history(id);
    expect(history.events[0]).toEqual({ at: T0, type: 'requested', actor: 'U_BOB' });
    expect(history.events.at(-1)).toEqual({ at: T0 + 20_000, type: 'click_approve', actor: 'U_ALICE' });
    expect(history.events.filter((e) => e.refused)).toHaveLength(20);
    expect(history.events).toHaveLength(22);
    const counted = Object.values(history.refusedNotKept).reduce((a, b) => a + b, 0);
    expect(counted).toBe(10_180);
    expect(Object.keys(history.refusedNotKept).sort()).toEqual([
      'click_approve:not_allowed',
      'click_approve:stale',
    ]);
    expect(await store().readAudit(id)).toEqual(history.events);
    expect(await store().history(makeRequest().id)).toEqual({ events: [], refusedNotKept: {} });
  }, 30_000);

  it('answers ping', async () => {
    expect(await store().ping()).toBe(true);
  });
}
