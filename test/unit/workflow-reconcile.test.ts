import { describe, expect, it } from 'vitest';
import { markKeys } from '../../src/approvals/once-keys.js';
import type { StateStore } from '../../src/approvals/store.js';
import { StateUnavailableError } from '../../src/errors.js';
import { reconcile } from '../../src/workflow/reconcile.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** The reconciler re-drives what a dead replica left behind, and nothing else. */

const stopping = (at: number) => ({ state: 'stopping' as const, at });
const FIVE_MINUTES = 5 * 60_000;

describe('reconcile: pending requests', () => {
  it('a pending request before its expiry is left alone', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    h.clock.t = r.expiresAt - 1;
    expect(await reconcile(h.deps)).toEqual({ checked: 1, failed: 0 });
    expect((await h.store.getRequest(r.id))?.state).toBe('pending');
    expect(h.enqueued).toEqual([]);
    expect(h.posted.incidents).toEqual([]);
  });

  it('a pending request at its expiry (its expire job lost) is expired now', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    h.clock.t = r.expiresAt;
    expect(await reconcile(h.deps)).toEqual({ checked: 1, failed: 0 });
    expect((await h.store.getRequest(r.id))?.state).toBe('expired');
    expect(h.posted.incidents).toEqual(['expired']);
    expect(h.enqueued).toEqual([]);
  });
});

describe('reconcile: approved requests', () => {
  it('targets not yet sent (pending or submitting) get the stop job again', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.claimTargets(r.id, ['vm-1'], ['pending'], stopping(h.clock.t));
    await h.store.claimTargets(r.id, ['vm-2'], ['pending'], { state: 'submitting', at: h.clock.t });
    expect(await reconcile(h.deps)).toEqual({ checked: 1, failed: 0 });
    expect(h.enqueued).toEqual([
      { name: 'stop', data: { requestId: r.id }, options: { id: `stop-${r.id}` } },
    ]);
  });

  it('one target still pending is enough for the stop job', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.claimTargets(r.id, ['vm-2'], ['pending'], stopping(h.clock.t));
    await reconcile(h.deps);
    expect(h.enqueued.map((j) => j.name)).toEqual(['stop']);
  });

  it('every target handed over: the round after the last one that started', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.claimTargets(r.id, ['vm-1', 'vm-2'], ['pending'], stopping(h.clock.t));
    await h.store.setMark(markKeys.trackRound(r.id), 3, 60_000);
    await reconcile(h.deps);
    expect(h.enqueued).toEqual([
      {
        name: 'track',
        data: { requestId: r.id, round: 4 },
        options: { id: `track-${r.id}-4`, delayMs: 1000 },
      },
    ]);
  });

  it('no round started yet: round 1', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await h.store.claimTargets(r.id, ['vm-1'], ['pending'], stopping(h.clock.t));
    await reconcile(h.deps);
    expect(h.enqueued.map((j) => [j.name, j.data.round])).toEqual([['track', 1]]);
  });

  it('a stop not sent five minutes after approval is warned about; not before', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    const warning = 'reconcile: approved request still has targets not sent to the provider';
    h.clock.t = (r.decidedAt ?? 0) + FIVE_MINUTES;
    await reconcile(h.deps);
    expect(h.logged(warning)).toEqual([]);
    h.clock.t += 1;
    await reconcile(h.deps);
    expect(h.logged(warning)).toEqual([expect.objectContaining({ requestId: r.id, level: 40 })]);
    expect(h.enqueued.map((j) => j.name)).toEqual(['stop', 'stop']);
  });
});

describe('reconcile: what changed since the list', () => {
  it('a request finished by another replica after the list gets nothing', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    const store: StateStore = {
      ...h.store,
      listActive: async () => {
        const ids = await h.store.listActive();
        await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopped', at: h.clock.t } });
        await h.store.finish(r.id, h.clock.t);
        return ids;
      },
    };
    expect(await reconcile({ ...h.deps, store })).toEqual({ checked: 1, failed: 0 });
    expect(h.enqueued).toEqual([]);
  });

  it('a listed request that is gone by the read is skipped quietly', async () => {
    const h = workflowHarness();
    const store: StateStore = { ...h.store, listActive: async () => ['SR-GONE000001'] };
    expect(await reconcile({ ...h.deps, store })).toEqual({ checked: 1, failed: 0 });
    expect(h.enqueued).toEqual([]);
  });

  it('a request that fails is counted and logged; the others are still re-driven', async () => {
    const h = workflowHarness();
    const bad = await h.request(['vm-1'], true, 'SR-BAD0000001');
    const good = await h.request(['vm-2'], true, 'SR-GOOD000001');
    const store: StateStore = {
      ...h.store,
      getOutcomes: async (id) => {
        if (id === bad.id) throw new StateUnavailableError('state store: unreachable');
        return h.store.getOutcomes(id);
      },
    };
    expect(await reconcile({ ...h.deps, store })).toEqual({ checked: 2, failed: 1 });
    expect(h.enqueued.map((j) => j.data.requestId)).toEqual([good.id]);
    const skipped = h.logged('reconcile: request skipped this pass');
    expect(skipped).toEqual([
      expect.objectContaining({ requestId: bad.id, level: 40, err: expect.stringMatching(/unreachable/) }),
    ]);
  });
});
