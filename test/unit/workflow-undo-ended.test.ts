import { describe, expect, it } from 'vitest';
import type { StopRequest } from '../../src/approvals/types.js';
import { undoEnded } from '../../src/workflow/undo-ended.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** A start request that started nothing frees its stop request for another Start again. */
async function linked(state: 'rejected' | 'expired' | 'approved') {
  const h = workflowHarness();
  const stop = await h.request(['vm-1'], true, 'SR-STOP0000001');
  const done = await h.store.finish(stop.id, h.clock.t);
  if (!done.ok) throw new Error('finish refused');
  const base = await h.request(['vm-1'], false, 'SR-START000001', 'start');
  const start: StopRequest = { ...base, id: 'SR-START000002', undoes: stop.id };
  const created = await h.store.createUndo(start);
  if (!created.ok) throw new Error('undo refused');
  const decided =
    state === 'expired'
      ? await h.store.expire(start.id, start.expiresAt)
      : await h.store.decide(start.id, {
          action: state === 'approved' ? 'approve' : 'reject',
          user: 'U0ALICE',
          at: h.clock.t,
          allowed: true,
          selfApproval: false,
          seenVersion: start.version,
        });
  if (!decided.ok) throw new Error(`could not make it ${state}`);
  const cardsBefore = h.posted.cards;
  return { h, stop: created.stop, start: decided.request, cardsBefore };
}

describe('undoEnded', () => {
  it.each(['rejected', 'expired'] as const)(
    '%s: unlinks the stop request, audits it, redraws its card',
    async (state) => {
      const { h, stop, start, cardsBefore } = await linked(state);
      await undoEnded(h.deps, start);
      const after = await h.store.getRequest(stop.id);
      expect(after?.undoneBy).toBeUndefined();
      expect(after?.version).toBe(stop.version + 1);
      const audit = (await h.store.readAudit(stop.id)).filter((e) => e.type === 'undo_released');
      expect(audit).toEqual([
        { at: h.clock.t, type: 'undo_released', detail: { startRequest: start.id, state } },
      ]);
      expect(h.posted.cards).toBe(cardsBefore + 1);
      // Once: a second call finds nothing linked and does nothing.
      await undoEnded(h.deps, start);
      expect((await h.store.readAudit(stop.id)).filter((e) => e.type === 'undo_released')).toHaveLength(1);
      expect(h.posted.cards).toBe(cardsBefore + 1);
    },
  );

  it('an approved start request, or a stop request, frees nothing', async () => {
    const { h, stop, start, cardsBefore } = await linked('approved');
    await undoEnded(h.deps, start);
    await undoEnded(h.deps, { ...start, state: 'rejected', operation: 'stop' });
    await undoEnded(h.deps, { ...start, state: 'rejected', undoes: undefined });
    expect((await h.store.getRequest(stop.id))?.undoneBy).toBe(start.id);
    expect(await h.store.readAudit(stop.id)).not.toContainEqual(
      expect.objectContaining({ type: 'undo_released' }),
    );
    expect(h.posted.cards).toBe(cardsBefore);
  });
});
