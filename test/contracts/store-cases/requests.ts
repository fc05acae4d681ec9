import { expect, it } from 'vitest';
import type { StoreAccess } from '../store.contract.js';
import { machines, makeRequest } from './fixtures.js';

export function requestCases(store: StoreAccess): void {
  it('creates a request and reads it back unchanged', async () => {
    const request = makeRequest({
      skipped: [{ id: 'x-1', name: 'old', status: 'SHUTOFF', stopped: true, group: 'ns-a' }],
      modes: ['SOFT'],
    });
    expect(await store().createRequest(request)).toBe(true);
    expect(await store().getRequest(request.id)).toEqual(request);
    expect(await store().getRequest('req-unknown')).toBeNull();
  });

  it('keeps empty lists as lists', async () => {
    const request = makeRequest({ targets: [], skipped: [] });
    await store().createRequest(request);
    const back = await store().getRequest(request.id);
    expect(back?.targets).toEqual([]);
    expect(back?.skipped).toEqual([]);
    expect(await store().getOutcomes(request.id)).toEqual({});
  });

  it('refuses a duplicate ID and keeps the first request', async () => {
    const first = makeRequest();
    await store().createRequest(first);
    expect(await store().createRequest({ ...first, reason: 'other', requester: 'U_EVE' })).toBe(false);
    expect(await store().getRequest(first.id)).toEqual(first);
  });

  it('starts every target as a pending outcome with its pre-flight status', async () => {
    const request = makeRequest({ targets: machines(5000) });
    await store().createRequest(request);
    const outcomes = await store().getOutcomes(request.id);
    expect(Object.keys(outcomes)).toHaveLength(5000);
    expect(outcomes['srv-4999']).toEqual({ state: 'pending', status: 'ACTIVE', at: request.createdAt });
    expect(await store().getOutcomes('req-unknown')).toEqual({});
  });

  it('attaches the card and progress message, leaving the version (what the card shows) alone', async () => {
    const request = makeRequest();
    await store().createRequest(request);
    await store().setCard(request.id, { channel: 'C_OPS', ts: '1700000000.000100' });
    await store().setProgress(request.id, { channel: 'C_OPS', ts: '1700000000.000200' });
    const back = await store().getRequest(request.id);
    expect(back?.card).toEqual({ channel: 'C_OPS', ts: '1700000000.000100' });
    expect(back?.progress).toEqual({ channel: 'C_OPS', ts: '1700000000.000200' });
    expect(back?.version).toBe(request.version);
    await store().setCard('req-unknown', { channel: 'C', ts: '1' });
    expect(await store().getRequest('req-unknown')).toBeNull();
  });

  it('changes the mode only while pending, not expired, and to an offered mode', async () => {
    const request = makeRequest();
    await store().createRequest(request);
    const ok = await store().setMode(request.id, 'HARD', request.createdAt + 1);
    expect(ok).toMatchObject({ ok: true, request: { mode: 'HARD', version: request.version + 1 } });
    expect((await store().getRequest(request.id))?.mode).toBe('HARD');
    expect(await store().setMode(request.id, 'SOFT', request.expiresAt)).toMatchObject({
      ok: false,
      reason: 'expired',
      request: { mode: 'HARD' },
    });
    expect(await store().setMode('req-unknown', 'SOFT', request.createdAt)).toEqual({
      ok: false,
      reason: 'not_found',
    });

    const softOnly = makeRequest({ modes: ['SOFT'] });
    await store().createRequest(softOnly);
    expect(await store().setMode(softOnly.id, 'HARD', softOnly.createdAt)).toMatchObject({
      ok: false,
      reason: 'not_allowed',
    });

    await store().decide(request.id, {
      action: 'approve',
      user: 'U_ALICE',
      at: request.createdAt + 2,
      allowed: true,
      selfApproval: false,
      seenVersion: request.version + 1,
    });
    expect(await store().setMode(request.id, 'SOFT', request.createdAt + 3)).toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { state: 'approved', mode: 'HARD' },
    });
  });
}
