import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../fakes/slack/fake-slack.js';
import type { FakeSlack } from '../fakes/slack/index.js';
import type { ApiCall } from '../fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { type ReplicaSet, startReplicas } from '../helpers/replicas.js';

/**
 * One Slack budget for every replica (bot/pacing): posts in a channel are paced
 * through Redis so that two replicas together never exceed Slack's limits; a
 * 429 pauses the bucket for everyone for its Retry-After; a card refused with
 * 429 is posted once Slack lets it; a 429 is never called a membership problem.
 */
let set: ReplicaSet | undefined;
let slack: FakeSlack | undefined;
let h: Harness | undefined;

afterEach(async () => {
  await set?.close();
  await slack?.close();
  await h?.close();
  set = undefined;
  slack = undefined;
  h = undefined;
});

const MACHINES = Array.from({ length: 8 }, (_, i) => ({ id: `sbx-${i}`, name: `vm-${i}` }));
const sandboxConfig = () =>
  baseConfig({ providers: { sandbox: { stopDelay: '100ms', machines: MACHINES } } });

const posts = (s: FakeSlack): ApiCall[] => s.calls.filter((c) => c.method === 'chat.postMessage');

describe('the shared Slack budget', () => {
  it('two replicas sharing one Redis post 8 cards in one channel at once without exceeding its rate', async () => {
    slack = await startFakeSlack({ rateLimits: true });
    set = await startReplicas(2, { fakeSlack: slack, config: sandboxConfig() });
    const [a, b] = set.replicas;
    if (!a || !b) throw new Error('two replicas');
    // Slack allows a burst of 3 posts in a channel: the bot keeps to the steady 1 a second.
    await Promise.all(
      MACHINES.map((m, i) =>
        (i % 2 === 0 ? a : b).driver.command('U0BOB', `sandbox ${m.name} --reason storm`),
      ),
    );
    await slack.waitFor(
      () =>
        slack?.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request SR-/.test(m.text)).length === 8,
      30_000,
      'eight cards',
    );
    expect(slack.rateLimited['chat.postMessage'] ?? 0).toBe(0);
    const cards = posts(slack).filter((c) => c.ok);
    expect(cards).toHaveLength(8);
    // Steady pacing at 1 a second with a burst of 2 (Slack's own burst is larger): any four
    // posts span at least two intervals, give or take the network.
    for (let i = 3; i < cards.length; i++)
      expect((cards[i]?.at ?? 0) - (cards[i - 3]?.at ?? 0)).toBeGreaterThanOrEqual(1800);
    expect((cards.at(-1)?.at ?? 0) - (cards[0]?.at ?? 0)).toBeGreaterThanOrEqual(5500);
    expect(set.replicas.every((r) => r.alive())).toBe(true);
  }, 60_000);

  it('a 429 pauses the bucket for every replica for its Retry-After, and the refused card is then posted', async () => {
    slack = await startFakeSlack({ rateLimits: true });
    set = await startReplicas(2, { fakeSlack: slack, config: sandboxConfig() });
    const [a, b] = set.replicas;
    if (!a || !b) throw new Error('two replicas');
    slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 2 });
    await a.driver.command('U0BOB', 'sandbox vm-0 --reason first');
    await slack.waitFor(() => (slack?.rateLimited['chat.postMessage'] ?? 0) === 1, 10_000, 'the 429');
    const refusedAt = posts(slack)[0]?.at ?? 0;
    await b.driver.command('U0BOB', 'sandbox vm-1 --reason second');
    await slack.waitFor(
      () =>
        slack?.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request SR-/.test(m.text)).length === 2,
      15_000,
      'both cards',
    );
    const later = posts(slack).slice(1);
    expect(later).toHaveLength(2);
    // Neither replica called chat.postMessage in that channel before Retry-After ran out.
    for (const c of later) expect(c.at - refusedAt).toBeGreaterThanOrEqual(1900);
    expect(later.every((c) => c.ok)).toBe(true);
    expect(slack.rateLimited['chat.postMessage']).toBe(1);
  }, 60_000);
});

describe('a card Slack refuses with 429', () => {
  it('is posted once Slack lets it, and the requester hears nothing about membership', async () => {
    h = await startHarness({ config: sandboxConfig() });
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 }, 2);
    await h.driver.command('U0BOB', 'sandbox vm-0 --reason drill');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/^Stop request SR-/);
    expect(posts(h.slack).map((c) => c.status)).toEqual([429, 429, 200]);
    const [first, , third] = posts(h.slack);
    expect((third?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1900);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.ephemeralsFor('U0BOB').filter((e) => /invite|member/.test(e.text))).toHaveLength(0);
  });

  it('refused past the posting bound: the requester hears "rate limited", and the notice job posts the card later', async () => {
    h = await startHarness({ config: { ...sandboxConfig(), incidentChannel: 'C0INCIDENT' } });
    // Six 429s use up the posting layer's bound; the seventh post (the job's) lands.
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 }, 6);
    await h.driver.command('U0BOB', 'sandbox vm-0 --reason drill');
    await h.slack.waitFor(
      () => /rate limiting/.test(lastEphemeralText(h?.slack as FakeSlack, 'U0BOB')),
      20_000,
    );
    const told = lastEphemeralText(h.slack, 'U0BOB');
    expect(told).toMatch(/Slack is rate limiting posts in this channel.*saved/);
    expect(told).not.toMatch(/invite|member/);
    expect(posts(h.slack)).toHaveLength(6);
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/^Stop request SR-/);
    // The card is the request's: its incident notice follows, and Approve works on it.
    await h.slack.waitFor(
      () => h?.slack.channelMessages('C0INCIDENT').some((m) => /requested/i.test(m.text)),
      10_000,
    );
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
    expect(h.slack.ephemeralsFor('U0BOB').filter((e) => /invite|member/.test(e.text))).toHaveLength(0);
  }, 60_000);

  it('a real membership problem still says so', async () => {
    h = await startHarness({ config: sandboxConfig() });
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await h.driver.command('U0BOB', 'sandbox vm-0 --reason drill');
    await h.slack.waitFor(
      () => /couldn't post the request/.test(lastEphemeralText(h?.slack as FakeSlack, 'U0BOB')),
      8000,
    );
    expect(lastEphemeralText(h.slack, 'U0BOB')).toMatch(/not_in_channel.*invite/);
  });
});
