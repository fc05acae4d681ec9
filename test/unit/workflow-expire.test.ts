import { describe, expect, it } from 'vitest';
import { runExpire } from '../../src/workflow/expire.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** pending → expired once its time is up, and only then. */

describe('runExpire', () => {
  it('at its expiry a pending request expires: counted, logged, audited, card and incident shown', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    h.clock.t = r.expiresAt;
    await runExpire(h.deps, r.id);
    expect((await h.store.getRequest(r.id))?.state).toBe('expired');
    expect(await h.counted('requests')).toEqual({ expired: 1 });
    expect((await h.metrics.requests.get()).values[0]?.labels).toMatchObject({ provider: 'sandbox' });
    expect(h.logged('request expired')).toEqual([
      expect.objectContaining({ requestId: r.id, provider: 'sandbox', level: 30 }),
    ]);
    expect(await h.store.readAudit(r.id)).toContainEqual({ at: r.expiresAt, type: 'expired' });
    expect(h.posted.cards).toBe(1);
    expect(h.posted.incidents).toEqual(['expired']);
    expect(h.enqueued).toEqual([]);
  });

  it('fired early (timer drift): nothing changes, and it is tried again at the real expiry', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    h.clock.t = r.expiresAt - 250;
    await runExpire(h.deps, r.id);
    expect((await h.store.getRequest(r.id))?.state).toBe('pending');
    expect(h.enqueued).toEqual([
      {
        name: 'expire',
        data: { requestId: r.id },
        options: { id: `expire-${r.id}-${r.expiresAt}`, delayMs: 250 },
      },
    ]);
    expect(await h.counted('requests')).toEqual({});
    expect(h.posted).toMatchObject({ cards: 0, incidents: [] });
    expect(await h.store.readAudit(r.id)).not.toContainEqual(expect.objectContaining({ type: 'expired' }));
  });

  it('a request decided before its expiry is not expired and not tried again', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await runExpire(h.deps, r.id);
    expect((await h.store.getRequest(r.id))?.state).toBe('approved');
    expect(h.enqueued).toEqual([]);
    expect(h.posted).toMatchObject({ cards: 0, incidents: [] });
  });

  it('an unknown request is nothing to expire', async () => {
    const h = workflowHarness();
    await expect(runExpire(h.deps, 'SR-UNKNOWN0001')).resolves.toBeUndefined();
    expect(h.enqueued).toEqual([]);
  });
});
