import { expect, it } from 'vitest';
import type { StoreAccess } from '../store.contract.js';
import { decision, EXPIRES, makeRequest, T0 } from './fixtures.js';

export function transitionCases(store: StoreAccess): void {
  const created = async (overrides = {}) => {
    const request = makeRequest(overrides);
    await store().createRequest(request);
    return request;
  };

  it('approves a pending request and persists the result', async () => {
    const request = await created();
    const result = await store().decide(request.id, decision());
    expect(result).toEqual({
      ok: true,
      request: { ...request, state: 'approved', decidedBy: 'U_ALICE', decidedAt: T0 + 1_000, version: 2 },
    });
    expect(await store().getRequest(request.id)).toEqual(result.request);
  });

  it('rejects a pending request and marks it finished', async () => {
    const request = await created();
    const result = await store().decide(
      request.id,
      decision({ action: 'reject', user: 'U_BOB', at: T0 + 5 }),
    );
    expect(result).toMatchObject({
      ok: true,
      request: { state: 'rejected', decidedBy: 'U_BOB', decidedAt: T0 + 5, finishedAt: T0 + 5, version: 2 },
    });
  });

  it('keeps a rejection’s reason with the request; an approval keeps none', async () => {
    const request = await created();
    const result = await store().decide(
      request.id,
      decision({ action: 'reject', reason: 'not during the demo' }),
    );
    expect(result).toMatchObject({
      ok: true,
      request: { state: 'rejected', rejectReason: 'not during the demo' },
    });
    expect((await store().getRequest(request.id))?.rejectReason).toBe('not during the demo');
    const other = await created();
    await store().decide(other.id, decision({ reason: 'ignored' }));
    expect((await store().getRequest(other.id))?.rejectReason).toBeUndefined();
  });

  it('refuses a second decision, with the current request', async () => {
    const request = await created();
    await store().decide(request.id, decision());
    expect(await store().decide(request.id, decision({ action: 'reject', user: 'U_CAROL' }))).toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { state: 'approved', decidedBy: 'U_ALICE' },
    });
  });

  it('refuses a decision at or after expiry, before checking the user', async () => {
    const request = await created();
    const late = await store().decide(request.id, decision({ at: EXPIRES, allowed: false }));
    expect(late).toMatchObject({ ok: false, reason: 'expired', request: { state: 'pending', version: 1 } });
    expect((await store().decide(request.id, decision({ at: EXPIRES - 1 }))).ok).toBe(true);
  });

  it('refuses a user the policy did not allow', async () => {
    const request = await created();
    expect(await store().decide(request.id, decision({ allowed: false }))).toMatchObject({
      ok: false,
      reason: 'not_allowed',
    });
    expect((await store().getRequest(request.id))?.state).toBe('pending');
  });

  it('refuses self-approval unless the policy permits it; self-rejection is fine', async () => {
    const a = await created();
    expect(await store().decide(a.id, decision({ user: a.requester }))).toMatchObject({
      ok: false,
      reason: 'self_approval',
      request: { state: 'pending' },
    });
    expect(await store().decide(a.id, decision({ user: a.requester, selfApproval: true }))).toMatchObject({
      ok: true,
      request: { state: 'approved', decidedBy: a.requester },
    });
    const b = await created();
    expect((await store().decide(b.id, decision({ user: b.requester, action: 'reject' }))).ok).toBe(true);
  });

  it('answers not_found for an unknown request', async () => {
    expect(await store().decide('req-unknown', decision())).toEqual({ ok: false, reason: 'not_found' });
    expect(await store().expire('req-unknown', EXPIRES)).toEqual({ ok: false, reason: 'not_found' });
    expect(await store().finish('req-unknown', EXPIRES)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('expires only a pending request that is past expiresAt', async () => {
    const request = await created();
    expect(await store().expire(request.id, EXPIRES - 1)).toMatchObject({ ok: false, reason: 'not_pending' });
    expect(await store().expire(request.id, EXPIRES)).toMatchObject({
      ok: true,
      request: { state: 'expired', finishedAt: EXPIRES, version: 2 },
    });
    expect(await store().expire(request.id, EXPIRES + 1)).toMatchObject({ ok: false, reason: 'not_pending' });
    expect((await store().decide(request.id, decision())).ok).toBe(false);

    const approved = await created();
    await store().decide(approved.id, decision());
    expect(await store().expire(approved.id, EXPIRES + 1)).toMatchObject({
      ok: false,
      reason: 'not_pending',
      request: { state: 'approved' },
    });
  });

  it('accepts an approval only of the version the approver saw', async () => {
    const request = await created();
    expect((await store().setMode(request.id, 'HARD', T0 + 1)).ok).toBe(true);
    // Clicked on the card as it was before the switch to HARD: refused, nothing changes.
    expect(await store().decide(request.id, decision({ seenVersion: 1 }))).toMatchObject({
      ok: false,
      reason: 'stale',
      request: { state: 'pending', mode: 'HARD', version: 2 },
    });
    expect(await store().decide(request.id, decision({ seenVersion: undefined }))).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(await store().decide(request.id, decision({ seenVersion: 2 }))).toMatchObject({
      ok: true,
      request: { state: 'approved', mode: 'HARD', version: 3 },
    });
    // A rejection stops nothing: it needs no version.
    const other = await created();
    await store().setMode(other.id, 'HARD', T0 + 1);
    expect((await store().decide(other.id, decision({ action: 'reject', seenVersion: undefined }))).ok).toBe(
      true,
    );
  });

  it('changes the mode at most 10 times per request', async () => {
    const request = await created();
    for (let i = 0; i < 10; i++) {
      expect((await store().setMode(request.id, i % 2 ? 'SOFT' : 'HARD', T0 + i)).ok).toBe(true);
    }
    expect(await store().setMode(request.id, 'SOFT', T0 + 20)).toMatchObject({
      ok: false,
      reason: 'too_many_changes',
      request: { mode: 'SOFT', version: 11 },
    });
  });

  it('never approves a version a concurrent mode change replaced', async () => {
    for (let round = 0; round < 10; round++) {
      const request = await created();
      const [mode, approval] = await Promise.all([
        store().setMode(request.id, 'HARD', T0 + 1),
        store().decide(request.id, decision({ seenVersion: 1 })),
      ]);
      const stored = await store().getRequest(request.id);
      if (approval.ok) {
        expect(mode).toMatchObject({ ok: false, reason: 'already_decided' });
        expect(stored).toMatchObject({ state: 'approved', mode: 'SOFT' });
      } else {
        expect(approval).toMatchObject({ reason: 'stale' });
        expect(stored).toMatchObject({ state: 'pending', mode: 'HARD' });
      }
    }
  });

  it('finishes only an approved request', async () => {
    const request = await created();
    expect(await store().finish(request.id, T0 + 10)).toMatchObject({ ok: false, reason: 'not_pending' });
    await store().decide(request.id, decision());
    const done = await store().finish(request.id, T0 + 20);
    expect(done).toMatchObject({ ok: true, request: { state: 'done', finishedAt: T0 + 20, version: 3 } });
    expect(await store().getRequest(request.id)).toEqual(done.request);
    expect(await store().finish(request.id, T0 + 30)).toMatchObject({ ok: false, reason: 'not_pending' });
  });

  it('lets exactly one of 20 concurrent decisions win', async () => {
    const request = await created();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().decide(
          request.id,
          decision({ user: `U_${i}`, action: i % 2 ? 'reject' : 'approve', at: T0 + i }),
        ),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'already_decided')).toHaveLength(19);
    const stored = await store().getRequest(request.id);
    expect(stored).toEqual(winners[0]?.request);
    expect(stored?.version).toBe(2);
  });
}
