import { expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { makeRequest } from '../contracts/store-cases/fixtures.js';

/** The memory store's own edges: the request bound, and writes for requests it does not have. */

it('at the bound, the oldest finished request makes room; an older active one stays', async () => {
  const store = createMemoryStore();
  const active = makeRequest({ targets: [] });
  const finished = makeRequest({ state: 'rejected', targets: [] });
  await store.createRequest(active);
  await store.createRequest(finished);
  const rest = Array.from({ length: 9_998 }, () => makeRequest({ state: 'expired', targets: [] }));
  for (const r of rest) await store.createRequest(r);
  // 10,000 kept: all still there.
  expect(await store.getRequest(finished.id)).not.toBeNull();
  await store.createRequest(makeRequest({ targets: [] }));
  expect(await store.getRequest(active.id)).not.toBeNull();
  expect(await store.getRequest(finished.id)).toBeNull();
  // One made room, no more.
  expect(await store.getRequest(rest[0]?.id ?? '')).not.toBeNull();
});

it('a progress message for an unknown request creates nothing', async () => {
  const store = createMemoryStore();
  await store.setProgress('SR-UNKNOWN0001', { channel: 'C0OPS', ts: '1.000100' });
  expect(await store.getRequest('SR-UNKNOWN0001')).toBeNull();
  expect(await store.listActive()).toEqual([]);
});
