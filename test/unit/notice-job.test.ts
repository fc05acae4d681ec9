import { describe, expect, it } from 'vitest';
import { newRequest } from '../../src/approvals/new-request.js';
import { NOTICE_ATTEMPTS, runNotice, showIncident } from '../../src/workflow/notice-job.js';
import type { NoticeOutcome, Outcomes } from '../../src/workflow/notifier.js';
import { quietNotifier } from '../helpers/quiet-notifier.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** Notices Slack refused for now are posted again by a job, until they no longer apply or the attempts run out. */

/** The harness with a notifier that answers `answer` and records what it was asked to post. */
function noticeHarness(answer: NoticeOutcome) {
  const h = workflowHarness();
  const seen = {
    incidents: [] as { event: string; outcomes?: Outcomes }[],
    cards: 0,
    lost: [] as string[],
  };
  const notifier = quietNotifier({
    incident: async (event, _r, outcomes) => {
      seen.incidents.push(outcomes === undefined ? { event } : { event, outcomes });
      return answer;
    },
    postCard: async () => {
      seen.cards += 1;
      return answer;
    },
    cardLost: async (_r, reason) => {
      seen.lost.push(reason);
    },
  });
  return { ...h, deps: { ...h.deps, notifier }, seen };
}

const later = { kind: 'later', reason: 'rate_limited' } as const;
const refused = { kind: 'refused', reason: 'channel_not_found' } as const;

describe('showIncident', () => {
  it('refused for now: a notice job, attempt 1, after 2 s', async () => {
    const h = noticeHarness(later);
    const r = await h.request(['vm-1']);
    await showIncident(h.deps, 'approved', r);
    expect(h.enqueued).toEqual([
      {
        name: 'notice',
        data: { requestId: r.id, notice: 'approved', attempt: 1 },
        options: { id: `notice-${r.id}-approved-1`, delayMs: 2000 },
      },
    ]);
  });

  it('posted (or nowhere to post): no job', async () => {
    const h = noticeHarness({ kind: 'posted' });
    await showIncident(h.deps, 'approved', await h.request(['vm-1']));
    expect(h.enqueued).toEqual([]);
  });
});

describe('runNotice: incident notices', () => {
  it('an incident notice is posted again as it was, without outcomes', async () => {
    const h = noticeHarness({ kind: 'posted' });
    const r = await h.request(['vm-1']);
    await runNotice(h.deps, { requestId: r.id, notice: 'approved', attempt: 2 });
    expect(h.seen.incidents).toEqual([{ event: 'approved' }]);
    expect(h.enqueued).toEqual([]);
  });

  it('the finished notice carries the outcomes as they are now', async () => {
    const h = noticeHarness({ kind: 'posted' });
    const r = await h.request(['vm-1']);
    await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopped', at: h.clock.t } });
    await runNotice(h.deps, { requestId: r.id, notice: 'finished', attempt: 1 });
    expect(h.seen.incidents).toEqual([{ event: 'finished', outcomes: await h.store.getOutcomes(r.id) }]);
  });

  it('still refused for now: the next attempt', async () => {
    const h = noticeHarness(later);
    const r = await h.request(['vm-1']);
    await runNotice(h.deps, { requestId: r.id, notice: 'expired', attempt: NOTICE_ATTEMPTS - 1 });
    expect(h.enqueued.map((j) => j.data)).toEqual([
      { requestId: r.id, notice: 'expired', attempt: NOTICE_ATTEMPTS },
    ]);
    expect(h.logged(`Slack did not take the expired incident notice: rate_limited`)).toEqual([]);
  });

  it('past the last attempt: an error naming the cause; nobody is told privately', async () => {
    const h = noticeHarness(later);
    const r = await h.request(['vm-1']);
    await runNotice(h.deps, { requestId: r.id, notice: 'expired', attempt: NOTICE_ATTEMPTS });
    expect(h.enqueued).toEqual([]);
    expect(h.logged('Slack did not take the expired incident notice: rate_limited')).toEqual([
      expect.objectContaining({
        level: 50,
        requestId: r.id,
        notice: 'expired',
        attempts: NOTICE_ATTEMPTS,
        code: 'rate_limited',
      }),
    ]);
    expect(h.seen.lost).toEqual([]);
  });

  it('refused for good: the error at once, no more attempts', async () => {
    const h = noticeHarness(refused);
    const r = await h.request(['vm-1']);
    await runNotice(h.deps, { requestId: r.id, notice: 'approved', attempt: 1 });
    expect(h.enqueued).toEqual([]);
    expect(h.logged('Slack did not take the approved incident notice: channel_not_found')).toHaveLength(1);
  });

  it('nothing to post (no incident channel): nothing logged', async () => {
    const h = noticeHarness({ kind: 'none' });
    const r = await h.request(['vm-1']);
    await runNotice(h.deps, { requestId: r.id, notice: 'approved' });
    expect(h.seen.incidents).toEqual([{ event: 'approved' }]);
    expect(h.logged('Slack did not take the approved incident notice: undefined')).toEqual([]);
    expect(h.enqueued).toEqual([]);
  });
});

describe('runNotice: what no longer applies', () => {
  it('an unknown notice kind, or none, is dropped', async () => {
    const h = noticeHarness({ kind: 'posted' });
    const r = await h.request(['vm-1']);
    await runNotice(h.deps, { requestId: r.id, notice: 'bogus', attempt: 1 });
    await runNotice(h.deps, { requestId: r.id, attempt: 1 });
    expect(h.seen).toEqual({ incidents: [], cards: 0, lost: [] });
  });

  it('a request that is gone is dropped', async () => {
    const h = noticeHarness({ kind: 'posted' });
    await expect(
      runNotice(h.deps, { requestId: 'SR-GONE000001', notice: 'approved', attempt: 1 }),
    ).resolves.toBeUndefined();
    expect(h.seen.incidents).toEqual([]);
  });
});

describe('runNotice: the card', () => {
  async function cardless(h: ReturnType<typeof noticeHarness>) {
    const r = newRequest({
      id: 'SR-NOCARD00001',
      provider: 'sandbox',
      modes: ['SOFT'],
      requester: 'U0BOB',
      channel: 'C0OPS',
      reason: 'test',
      machines: [{ id: 'vm-1', name: 'vm-1', status: 'RUNNING', stopped: false }],
      now: h.clock.t,
      expiresInMs: 600_000,
    });
    await h.store.createRequest(r);
    return r;
  }

  it('a card posted meanwhile is not posted again', async () => {
    const h = noticeHarness({ kind: 'posted', at: { channel: 'C0OPS', ts: '1.000300' } });
    const r = await h.request(['vm-1'], false);
    await runNotice(h.deps, { requestId: r.id, notice: 'card', attempt: 1 });
    expect(h.seen.cards).toBe(0);
  });

  it('a request decided or expired without its card gets none any more', async () => {
    const h = noticeHarness({ kind: 'posted', at: { channel: 'C0OPS', ts: '1.000300' } });
    const r = await cardless(h);
    h.clock.t = r.expiresAt;
    await h.store.expire(r.id, h.clock.t);
    await runNotice(h.deps, { requestId: r.id, notice: 'card', attempt: 1 });
    expect(h.seen.cards).toBe(0);
    expect((await h.store.getRequest(r.id))?.card).toBeUndefined();
  });

  it('a card that lands is kept, and the incident channel hears of the request', async () => {
    const h = noticeHarness({ kind: 'posted', at: { channel: 'C0OPS', ts: '1.000300' } });
    const r = await cardless(h);
    await runNotice(h.deps, { requestId: r.id, notice: 'card', attempt: 1 });
    expect((await h.store.getRequest(r.id))?.card).toEqual({ channel: 'C0OPS', ts: '1.000300' });
    expect(h.seen.incidents).toEqual([{ event: 'requested' }]);
  });

  it('an answer without a message to keep keeps nothing and tells nobody', async () => {
    const h = noticeHarness({ kind: 'posted' });
    const r = await cardless(h);
    await runNotice(h.deps, { requestId: r.id, notice: 'card', attempt: 1 });
    expect((await h.store.getRequest(r.id))?.card).toBeUndefined();
    expect(h.seen.incidents).toEqual([]);
  });

  it('past the last attempt the error names the card', async () => {
    const h = noticeHarness(later);
    const r = await cardless(h);
    await runNotice(h.deps, { requestId: r.id, notice: 'card', attempt: NOTICE_ATTEMPTS });
    expect(h.logged('Slack did not take the card: rate_limited')).toHaveLength(1);
    expect(h.seen.lost).toEqual(['rate_limited']);
  });
});
