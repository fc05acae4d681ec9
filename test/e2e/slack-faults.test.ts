import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCall, SlackMessage } from '../fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { getPath } from '../helpers/bot-probes.js';
import { controlsOn, lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * Slack trouble: Web API 5xx and 429 (Retry-After) are retried within
 * slack.retries; a summary whose post fails past the retries is posted later
 * by the job's retry, once; and failures are never reported to Slack in a
 * loop. The sandbox cloud keeps the provider side out of the picture.
 */
const RETRIES = 2;
let h: Harness | undefined;

async function start(stopDelay = '150ms') {
  h = await startHarness({
    config: baseConfig({
      slack: { progressEvery: '200ms', timeout: '5s', retries: RETRIES },
      providers: {
        sandbox: {
          stopDelay,
          machines: [
            { id: 'sbx-1', name: 'vm-1' },
            { id: 'sbx-2', name: 'vm-2' },
          ],
        },
      },
    }),
  });
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The bot stopped: every job and command in hand finished (its shutdown drains them); the fake Slack stays. */
async function drained(running: Harness): Promise<void> {
  h = undefined;
  await running.bot.stop();
  await running.slack.close();
}

const posts = (h: Harness): ApiCall[] => h.slack.calls.filter((c) => c.method === 'chat.postMessage');
const failedPosts = (h: Harness) => posts(h).filter((c) => !c.ok);
const summaries = (h: Harness, card: SlackMessage) =>
  h.slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text));

describe('Slack Web API faults', () => {
  it('5xx and 429 with Retry-After are retried within slack.retries, and the summary still arrives', async () => {
    const h = await start();
    h.slack.failNext('chat.postMessage', { status: 500 }, RETRIES);
    await h.driver.command('U0BOB', 'sandbox vm-1,vm-2 --reason drill');
    const card = await waitForCard(h.slack);
    expect(posts(h).map((c) => c.status)).toEqual([500, 500, 200]);

    h.slack.failNext('chat.update', { status: 429, retryAfterSec: 1 });
    h.slack.failNext('chat.postMessage', { status: 503 }, RETRIES);
    const approvedAt = Date.now();
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    expect(summary.replyBroadcast).toBe(true);
    expect(summaries(h, card)).toHaveLength(1);

    // The card edit waited out Retry-After, then went through.
    expect(h.slack.rateLimited['chat.update']).toBe(1);
    const update = h.slack.calls.find((c) => c.method === 'chat.update' && c.ok);
    expect(update && update.at - approvedAt).toBeGreaterThanOrEqual(900);
    expect(controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([]);
    expect(failedPosts(h)).toHaveLength(2 * RETRIES);
    const metrics = (await getPath(h.url, '/metrics')).text;
    expect(metrics).toMatch(/stopbot_slack_rate_limit_waits_total\{[^}]*\} 1/);
  });

  it('a summary that fails past the retries is posted by the job retry, exactly once', async () => {
    const h = await start('600ms');
    await h.driver.command('U0BOB', 'sandbox vm-1,vm-2');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    // The progress message is the thread's first post; the next chat.postMessage is the summary.
    await waitForReply(h.slack, card, /^Progress/);
    const before = posts(h).length;
    h.slack.failNext('chat.postMessage', { status: 500 }, RETRIES + 1);
    const summary = await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/, 15_000);
    const attempts = posts(h).slice(before);
    expect(attempts.slice(0, RETRIES + 1).map((c) => c.status)).toEqual([500, 500, 500]);
    expect(String(attempts[0]?.args?.text)).toMatch(/^Summary for SR-/);
    // Nothing left that could post a second summary: the bot has stopped.
    await drained(h);
    expect(summaries(h, card)).toEqual([summary]);
    expect(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)).toMatch(/done: 2\/2 stopped/);
  });

  it('when the card cannot be posted at all, the requester is told once, and the card waits for a later attempt', async () => {
    const h = await start();
    h.slack.failNext('chat.postMessage', { status: 500 }, 100);
    await h.driver.command('U0BOB', 'sandbox vm-1');
    await h.slack.waitFor(() => /not answering/.test(lastEphemeralText(h.slack, 'U0BOB')), 8000);
    await drained(h);
    // The first attempt: 1 + retries calls; the notice job's next one comes 2 s later.
    expect(posts(h)).toHaveLength(RETRIES + 1);
    expect(h.slack.ephemeralsFor('U0BOB').filter((e) => /not answering/.test(e.text))).toHaveLength(1);
    expect(lastEphemeralText(h.slack, 'U0BOB')).not.toMatch(/invite|member/);
  });

  it('when every post fails after approval, attempts stay bounded and no error is ever posted to Slack', async () => {
    const h = await start('300ms');
    await h.driver.command('U0BOB', 'sandbox vm-1,vm-2');
    const card = await waitForCard(h.slack);
    h.slack.failNext('chat.postMessage', { status: 500 }, 1000);
    h.slack.failNext('chat.update', { status: 500 }, 1000);
    h.slack.failNext('response_url', { status: 500 }, 1000);
    const before = h.slack.calls.length;
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    // The stop finished and its summary was attempted (and failed) with every retry.
    const summaryAttempts = () =>
      h.slack.calls.slice(before).filter((c) => /^Summary for SR-/.test(String(c.args?.text))).length;
    await waitUntil(() => summaryAttempts() >= RETRIES + 1, 15_000, 'the summary attempted');
    const attempts = h.slack.calls.slice(before).filter((c) => c.method.startsWith('chat.'));
    // Each post is tried 1 + retries times; the job retries its summary with a growing backoff.
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.length).toBeLessThanOrEqual(20);
    for (const c of attempts) {
      expect(String(c.args?.text), 'only the planned messages are ever attempted').toMatch(
        /^(Stop request SR-|Progress: |Summary for SR-)/,
      );
    }
    expect(h.slack.calls.slice(before).filter((c) => c.method === 'response_url')).toHaveLength(0);
    const settled = h.slack.calls.length;
    // A rate, not a duplicate: one second of watching is the measure.
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.slack.calls.length - settled, 'no tight loop').toBeLessThanOrEqual(2 * (RETRIES + 1));
    expect((await getPath(h.url, '/healthz')).status).toBe(200);
  });
});
