import { describe, expect, it } from 'vitest';
import { onceKeys } from '../../src/approvals/once-keys.js';
import {
  showCard,
  showFailures,
  showProgress,
  showProgressIfDue,
  showSummary,
} from '../../src/workflow/notices.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** Whether and where to post: the claims and reads around each Slack post. */

const noCard = <T extends object>(r: T) => ({ ...r, card: undefined });

describe('showCard', () => {
  it('without a card nothing is edited', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    await showCard(h.deps, noCard((await h.store.getRequest(r.id))!));
    expect(h.posted.cards).toBe(0);
  });

  it('an edit already in flight is left to its holder', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    await h.store.claimOnce(onceKeys.cardEdit(r.id), 30_000);
    await showCard(h.deps, (await h.store.getRequest(r.id))!);
    expect(h.posted.cards).toBe(0);
  });

  it('a change during the edit is redrawn once more, on the newest version; the claim is given back', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    let changes = 1;
    h.hooks.onEditCard = async () => {
      if (changes-- > 0) await h.store.setMode(r.id, 'HARD', h.clock.t);
    };
    const first = (await h.store.getRequest(r.id))!;
    await showCard(h.deps, first);
    expect(h.posted.cardVersions).toEqual([first.version, first.version + 1]);
    // Pending: the redraw carries no outcomes.
    expect(h.posted.cardOutcomes).toEqual([false, false]);
    expect(await h.store.claimOnce(onceKeys.cardEdit(r.id), 30_000)).toBe(true);
  });

  it('an approved request is redrawn with its outcomes', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    h.hooks.onEditCard = async () => {
      h.hooks.onEditCard = undefined;
      await h.store.finish(r.id, h.clock.t);
    };
    await showCard(h.deps, r, {});
    expect(h.posted.cardOutcomes).toEqual([true, true]);
  });

  it('a card that keeps changing is redrawn at most five times by one holder', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    let mode: 'SOFT' | 'HARD' = 'SOFT';
    h.hooks.onEditCard = async () => {
      mode = mode === 'SOFT' ? 'HARD' : 'SOFT';
      await h.store.setMode(r.id, mode, h.clock.t);
    };
    await showCard(h.deps, (await h.store.getRequest(r.id))!);
    expect(h.posted.cards).toBe(5);
  });
});

describe('showProgress', () => {
  it('posts the progress message once, then edits it', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await showProgress(h.deps, r, {});
    await showProgress(h.deps, r, {}); // this copy of the request predates the message: read fresh
    expect(h.posted).toMatchObject({ progressPosts: 1, progressEdits: 1 });
    expect((await h.store.getRequest(r.id))?.progress).toEqual({ channel: 'C0OPS', ts: '1700000000.000200' });
  });

  it('a post that failed gives back its claim: the next round posts it', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    h.hooks.progressPostFails = true;
    await showProgress(h.deps, r, {});
    h.hooks.progressPostFails = false;
    await showProgress(h.deps, r, {});
    expect(h.posted).toMatchObject({ progressPosts: 2, progressEdits: 0 });
  });

  it('without a card no progress message is posted', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await showProgress(h.deps, noCard(r), {});
    expect(h.posted).toMatchObject({ progressPosts: 0, progressEdits: 0 });
  });

  it('another replica holding the claim posts it, not this one; without a card nothing is posted', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await h.store.claimOnce(onceKeys.progressPost(r.id), 60_000);
    await showProgress(h.deps, r, {});
    await showProgress(h.deps, noCard(r), {});
    expect(h.posted).toMatchObject({ progressPosts: 0, progressEdits: 0 });
  });
});

describe('showProgressIfDue', () => {
  it('edits at most once every progressEveryMs, the boundary included', async () => {
    const h = workflowHarness({}, { progressEveryMs: 5_000, timeoutMs: 600_000 });
    const r = await h.request(['vm-1']);
    await showProgressIfDue(h.deps, r, {});
    h.clock.t += 4_999;
    await showProgressIfDue(h.deps, r, {});
    expect(h.posted.progressPosts + h.posted.progressEdits).toBe(1);
    h.clock.t += 1;
    await showProgressIfDue(h.deps, r, {});
    expect(h.posted.progressPosts + h.posted.progressEdits).toBe(2);
  });

  it('two replicas at the same moment: one of them edits', async () => {
    const h = workflowHarness({}, { progressEveryMs: 5_000 });
    const r = await h.request(['vm-1']);
    await Promise.all([showProgressIfDue(h.deps, r, {}), showProgressIfDue(h.deps, r, {})]);
    expect(h.posted.progressPosts + h.posted.progressEdits).toBe(1);
  });

  it('with progressEvery 0 every round edits', async () => {
    const h = workflowHarness({}, { progressEveryMs: 0 });
    const r = await h.request(['vm-1']);
    await showProgressIfDue(h.deps, r, {});
    await showProgressIfDue(h.deps, r, {});
    expect(h.posted.progressPosts + h.posted.progressEdits).toBe(2);
  });
});

describe('showFailures and showSummary', () => {
  it('no failed targets or no card: no failure notice', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await showFailures(h.deps, r, [], {});
    await showFailures(h.deps, noCard(r), r.targets, {});
    expect(h.posted.failures).toEqual([]);
    await showFailures(h.deps, r, r.targets, {});
    expect(h.posted.failures).toEqual([['vm-1']]);
  });

  it('a summary without a card counts as not posted', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    expect(await showSummary(h.deps, noCard(r), {})).toBe(false);
    expect(h.posted.summaries).toBe(0);
    expect(await showSummary(h.deps, r, {})).toBe(true);
  });
});
