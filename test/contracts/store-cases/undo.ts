import { expect, it } from 'vitest';
import type { StopRequest } from '../../../src/approvals/types.js';
import type { StoreAccess } from '../store.contract.js';
import { decision, machines, makeRequest, T0 } from './fixtures.js';

/** A stop request that ran to the end: approved, then done. */
async function doneStop(store: StoreAccess): Promise<StopRequest> {
  const stop = makeRequest();
  await store().createRequest(stop);
  await store().decide(stop.id, decision());
  const done = await store().finish(stop.id, T0 + 5_000);
  if (!done.ok) throw new Error('finish refused');
  return done.request;
}

const startFor = (stop: StopRequest, overrides: Partial<StopRequest> = {}) =>
  makeRequest({
    operation: 'start',
    undoes: stop.id,
    undoesLink: 'https://example.slack.com/archives/C_OPS/p1700000000000100',
    modes: [],
    requester: 'U_CAROL',
    targets: machines(2).map((m) => ({ ...m, status: 'SHUTOFF', stopped: true })),
    skipped: [{ id: 'srv-2', name: 'name-2', status: 'ACTIVE', stopped: false }],
    gone: [{ id: 'srv-9', name: 'gone', status: 'SHUTOFF', stopped: true }],
    ...overrides,
  });

/** Start again (undo): one start request per stop request, linked both ways atomically. */
export function undoCases(store: StoreAccess): void {
  it('creates a start request for a done stop and links both ways, bumping the stop version', async () => {
    const stop = await doneStop(store);
    const start = startFor(stop);
    const created = await store().createUndo(start);
    expect(created).toEqual({ ok: true, stop: { ...stop, undoneBy: start.id, version: stop.version + 1 } });
    expect(await store().getRequest(start.id)).toEqual(start);
    expect(await store().getRequest(stop.id)).toEqual({
      ...stop,
      undoneBy: start.id,
      version: stop.version + 1,
    });
    expect(Object.keys(await store().getOutcomes(start.id)).sort()).toEqual(['srv-0', 'srv-1']);
    expect(await store().listActive()).toContain(start.id);
    // In brief (the App Home), it says what it is and what it undoes.
    const recent = (await store().listRecent(10)).find((d) => d.id === start.id);
    expect(recent).toMatchObject({ operation: 'start', undoes: stop.id, targets: 2 });
    expect((await store().listRecent(10)).find((d) => d.id === stop.id)?.operation).toBeUndefined();
    // The start request follows the same state machine: approve, then finish.
    const approved = await store().decide(start.id, decision({ user: 'U_ALICE' }));
    expect(approved.ok && approved.request.state).toBe('approved');
  });

  it('refuses a second start request and names the first; nothing of the second is written', async () => {
    const stop = await doneStop(store);
    const first = startFor(stop);
    await store().createUndo(first);
    const second = startFor(stop);
    expect(await store().createUndo(second)).toEqual({ ok: false, reason: 'taken', existing: first.id });
    expect(await store().getRequest(second.id)).toBeNull();
    expect(await store().listActive()).not.toContain(second.id);
  });

  it('of many at once exactly one wins; the others are told its ID', async () => {
    const stop = await doneStop(store);
    const tries = Array.from({ length: 20 }, () => startFor(stop));
    const results = await Promise.all(tries.map((t) => store().createUndo(t)));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const winner = tries[results.findIndex((r) => r.ok)] as StopRequest;
    for (const r of results.filter((x) => !x.ok))
      expect(r).toEqual({ ok: false, reason: 'taken', existing: winner.id });
    expect((await store().getRequest(stop.id))?.undoneBy).toBe(winner.id);
  });

  it('refuses an unknown or unfinished stop request, and a taken start ID', async () => {
    expect(await store().createUndo(makeRequest({ operation: 'start', undoes: 'req-unknown' }))).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const pending = makeRequest();
    await store().createRequest(pending);
    const early = startFor(pending);
    expect(await store().createUndo(early)).toEqual({ ok: false, reason: 'not_done' });
    expect(await store().getRequest(early.id)).toBeNull();
    expect((await store().getRequest(pending.id))?.undoneBy).toBeUndefined();

    const stop = await doneStop(store);
    const other = makeRequest();
    await store().createRequest(other);
    expect(await store().createUndo(startFor(stop, { id: other.id }))).toEqual({
      ok: false,
      reason: 'id_taken',
    });
    expect(await store().getRequest(other.id)).toEqual(other);
    expect((await store().getRequest(stop.id))?.undoneBy).toBeUndefined();
  });

  it("records a start request's outcomes: starting in flight, running final", async () => {
    const stop = await doneStop(store);
    const start = startFor(stop);
    await store().createUndo(start);
    const claimed = await store().claimTargets(start.id, ['srv-0', 'srv-1'], ['pending'], {
      state: 'submitting',
      at: T0,
    });
    expect(claimed.sort()).toEqual(['srv-0', 'srv-1']);
    await store().recordOutcomes(start.id, {
      'srv-0': { state: 'running', status: 'ACTIVE', at: T0 + 1 },
      'srv-1': { state: 'starting', status: 'SHUTOFF', at: T0 + 1 },
    });
    // running is final: a later report never overwrites it.
    await store().recordOutcomes(start.id, { 'srv-0': { state: 'starting', at: T0 + 2 } });
    const outcomes = await store().getOutcomes(start.id);
    expect(outcomes['srv-0']?.state).toBe('running');
    expect(outcomes['srv-1']?.state).toBe('starting');
  });
}
