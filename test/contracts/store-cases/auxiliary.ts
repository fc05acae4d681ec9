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

  it('answers ping', async () => {
    expect(await store().ping()).toBe(true);
  });
}
