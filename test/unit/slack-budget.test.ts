import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { newRequest } from '../../src/approvals/new-request.js';
import { type BucketRule, createMemoryBudget, type SlackBudget } from '../../src/bot/pacing/budget.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedisSlackBudget } from '../../src/runtime/redis-slack-budget.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { NOTICE_ATTEMPTS, runNotice } from '../../src/workflow/notice-job.js';
import type { NoticeOutcome } from '../../src/workflow/notifier.js';
import { quietNotifier } from '../helpers/quiet-notifier.js';
import { recordingJobs } from '../helpers/recording-jobs.js';
import { createTestRedis, deleteByPrefix, REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';

const RULE: BucketRule = { intervalMs: 1000, toleranceMs: 1000 };
let clients: Redis[] = [];
let prefixes: string[] = [];

afterEach(async () => {
  for (const c of clients) await c.quit();
  const redis = createTestRedis();
  for (const p of prefixes) await deleteByPrefix(redis, p);
  await redis.quit();
  clients = [];
  prefixes = [];
});

/** One replica's budget: its own client, as runtime/state.ts makes it (offline queue on). */
function redisBudget(prefix: string): SlackBudget {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  clients.push(redis);
  return createRedisSlackBudget({ redis, prefix, logger: silentLogger, now: Date.now });
}

/** Waits the budget hands out for `n` reservations made at once. */
async function waits(budget: SlackBudget, n: number, rule = RULE): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await budget.reserve('post:C1', rule, 60_000)) ?? -1);
  return out;
}

describe('the Slack budget (GCRA reservations)', () => {
  it('in memory: a burst of 2, then one slot an interval; a slot past maxWait is refused and not taken', async () => {
    let now = 0;
    const budget = createMemoryBudget(() => now);
    expect(await waits(budget, 4)).toEqual([0, 0, 1000, 2000]);
    expect(await budget.reserve('post:C1', RULE, 500)).toBeUndefined();
    expect(await budget.reserve('post:C2', RULE, 0)).toBe(0);
    now = 10_000;
    expect(await budget.reserve('post:C1', RULE, 0)).toBe(0);
  });

  it('in memory: a pause holds every slot of the bucket until it runs out', async () => {
    let now = 0;
    const budget = createMemoryBudget(() => now);
    await budget.pause('post:C1', RULE, 3000);
    expect(await budget.reserve('post:C1', RULE, 60_000)).toBe(3000);
    now = 2000;
    expect(await budget.reserve('post:C1', RULE, 0)).toBeUndefined();
  });

  it('in Redis: two budgets on one prefix share the bucket (never more than its rate between them)', async () => {
    const prefix = uniqueBotPrefix('budget');
    prefixes.push(prefix);
    const a = redisBudget(prefix);
    const b = redisBudget(prefix);
    const all: number[] = [];
    for (let i = 0; i < 3; i++) {
      all.push((await a.reserve('post:C1', RULE, 60_000)) ?? -1);
      all.push((await b.reserve('post:C1', RULE, 60_000)) ?? -1);
    }
    const sorted = [...all].sort((x, y) => x - y);
    // 0, 0 (the burst), then one an interval, give or take the milliseconds between the calls.
    expect(sorted[0]).toBe(0);
    expect(sorted[1]).toBe(0);
    for (let i = 2; i < sorted.length; i++) expect(sorted[i]).toBeGreaterThan((i - 1) * 1000 - 100);
    // Another prefix is another installation: its own bucket.
    const other = uniqueBotPrefix('budget-other');
    prefixes.push(other);
    expect(await redisBudget(other).reserve('post:C1', RULE, 0)).toBe(0);
  });

  it("in Redis: one replica's pause (a 429's Retry-After) holds the other's slots", async () => {
    const prefix = uniqueBotPrefix('budget');
    prefixes.push(prefix);
    const a = redisBudget(prefix);
    const b = redisBudget(prefix);
    await a.pause('post:C1', RULE, 2000);
    const wait = await b.reserve('post:C1', RULE, 60_000);
    expect(wait).toBeGreaterThan(1800);
    expect(wait).toBeLessThanOrEqual(2000);
    expect(await b.reserve('post:C1', RULE, 500)).toBeUndefined();
  });
});

describe('the notice job', () => {
  async function setup(answer: NoticeOutcome) {
    const store = createMemoryStore();
    const request = newRequest({
      id: 'SR-TEST1',
      provider: 'sandbox',
      modes: ['SOFT'],
      requester: 'U0BOB',
      channel: 'C0OPS',
      reason: 'drill',
      machines: [{ id: 'vm-1', name: 'vm-1', status: 'running', stopped: false }],
      now: Date.now(),
      expiresInMs: 60_000,
    });
    await store.createRequest(request);
    const { jobs, enqueued } = recordingJobs();
    const lost: string[] = [];
    const notifier = quietNotifier({
      postCard: async () => answer,
      cardLost: async (_r, reason) => {
        lost.push(reason);
      },
    });
    const deps: WorkflowDeps = {
      store,
      providers: new Map(),
      jobs,
      notifier,
      clock: { now: Date.now, sleep: async () => {} },
      logger: silentLogger,
      metrics: createMetrics({ defaultMetrics: false }),
      settings: { pollIntervalMs: 1000, timeoutMs: 60_000, progressEveryMs: 0 },
    };
    return { deps, store, enqueued, lost };
  }

  it('a card still refused for now is tried again later, with a longer delay', async () => {
    const { deps, enqueued, lost } = await setup({ kind: 'later', reason: 'rate_limited' });
    await runNotice(deps, { requestId: 'SR-TEST1', notice: 'card', attempt: 2 });
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]?.data).toEqual({ requestId: 'SR-TEST1', notice: 'card', attempt: 3 });
    expect(enqueued[0]?.options.delayMs).toBe(8000);
    expect(lost).toEqual([]);
  });

  it('past the last attempt: no more jobs, and the requester is told the cause', async () => {
    const { deps, enqueued, lost } = await setup({ kind: 'later', reason: 'rate_limited' });
    await runNotice(deps, { requestId: 'SR-TEST1', notice: 'card', attempt: NOTICE_ATTEMPTS });
    expect(enqueued).toEqual([]);
    expect(lost).toEqual(['rate_limited']);
  });

  it('a card that lands is tied to its request; one posted meanwhile is not posted again', async () => {
    const { deps, store, enqueued } = await setup({
      kind: 'posted',
      at: { channel: 'C0OPS', ts: '1.000100' },
    });
    await runNotice(deps, { requestId: 'SR-TEST1', notice: 'card', attempt: 1 });
    expect((await store.getRequest('SR-TEST1'))?.card).toEqual({ channel: 'C0OPS', ts: '1.000100' });
    let posted = 0;
    deps.notifier.postCard = async () => {
      posted += 1;
      return { kind: 'none' };
    };
    await runNotice(deps, { requestId: 'SR-TEST1', notice: 'card', attempt: 2 });
    expect(posted).toBe(0);
    expect(enqueued).toEqual([]);
  });
});
