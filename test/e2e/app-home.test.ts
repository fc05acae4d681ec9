import { afterEach, describe, expect, it } from 'vitest';
import { buildAppHomeOpened, buildViewAction } from '../fakes/slack/view-payload.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const machines = Array.from({ length: 6 }, (_, i) => ({ id: `sbx-${i}`, name: `vm-${i}` }));

async function start() {
  h = await startHarness({
    config: baseConfig({ providers: { sandbox: { machines, stopDelay: '100ms' } } }),
  });
  return h;
}

const publishes = (h: Harness, user: string) =>
  h.slack.calls.filter((c) => c.method === 'views.publish' && c.args?.user_id === user).length;
const homeText = (h: Harness, user: string) =>
  JSON.stringify(h.slack.state.homes.get(user)?.view.blocks ?? []);

async function openHome(h: Harness, user: string) {
  const before = publishes(h, user);
  const res = await h.driver.event(buildAppHomeOpened(h.slack, user));
  expect(res.status).toBe(200);
  await h.slack.waitFor(() => publishes(h, user) > before, 5000, `views.publish for ${user}`);
  return h.slack.state.homes.get(user);
}

describe('Events API', () => {
  it('answers the URL verification challenge only when signed, and refuses unsigned events', async () => {
    const h = await start();
    const body = JSON.stringify({
      token: 'x',
      challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const res = await h.driver.raw(body, { 'content-type': 'application/json', ...h.driver.sign(body) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    const unsigned = await h.driver.raw(body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    const event = JSON.stringify(buildAppHomeOpened(h.slack, 'U0CAROL'));
    const forged = await h.driver.raw(event, {
      'content-type': 'application/json',
      ...h.driver.sign(event),
      'x-slack-signature': `v0=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    expect(h.slack.counts['views.publish'] ?? 0).toBe(0);
  });
});

describe('the App Home', () => {
  it('shows an approver what waits for them, what runs and what finished; a retried event publishes once', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-0,vm-1 --reason first');
    const first = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: first.ts });
    await waitForReply(h.slack, first, /^Summary for SR-/);
    await h.driver.command('U0BOB', 'sandbox vm-2 --reason second');
    const second = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    const pendingId = requestIdOf(second);

    const envelope = buildAppHomeOpened(h.slack, 'U0CAROL');
    const res = await h.driver.event(envelope);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    await h.slack.waitFor(() => publishes(h, 'U0CAROL') === 1, 5000, 'views.publish');
    const text = homeText(h, 'U0CAROL');
    expect(text).toContain('Waiting for your approval* (1)');
    expect(text).toContain(pendingId);
    expect(text).toContain('stop_approve');
    expect(text).toContain('stop_reject');
    expect(text).toContain(`${requestIdOf(first)}* · 2 machines on *Sandbox* · 2/2 stopped`);

    // Slack retries the same event (X-Slack-Retry-Num): acknowledged, acted on once.
    const retry = await h.driver.event(envelope, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(publishes(h, 'U0CAROL')).toBe(1);

    // The requester is not an approver: nothing waits for them, no buttons.
    await openHome(h, 'U0BOB');
    expect(homeText(h, 'U0BOB')).toContain('Waiting for your approval* (0)');
    expect(homeText(h, 'U0BOB')).not.toContain('stop_approve');
  });

  it('shows only requests the viewer may see: their own, theirs to approve, or in channels where they may request', async () => {
    h = await startHarness({
      config: baseConfig({
        requesters: ['U0BOB', 'U0DAVE'],
        providers: { sandbox: { machines, stopDelay: '100ms' } },
      }),
    });
    await h.driver.command('U0BOB', 'sandbox vm-0 --reason private');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-/);
    // Mallory may neither request nor approve: the request is not hers to see.
    await openHome(h, 'U0MALLORY');
    expect(homeText(h, 'U0MALLORY')).not.toContain(id);
    expect(homeText(h, 'U0MALLORY')).toContain('Last finished* (0)');
    // The requester, an approver, and someone who may request in that channel see it.
    await openHome(h, 'U0BOB');
    expect(homeText(h, 'U0BOB')).toContain(id);
    await openHome(h, 'U0CAROL');
    expect(homeText(h, 'U0CAROL')).toContain(id);
    await openHome(h, 'U0DAVE');
    expect(homeText(h, 'U0DAVE')).toContain(id);
    expect(homeText(h, 'U0DAVE')).toContain('Last finished* (1)');
  });

  it('an Approve click in the App Home approves once, like the card, and refreshes the home', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-3 --reason from-home');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    const home = await openHome(h, 'U0CAROL');
    if (!home) throw new Error('no home');
    const blocks = home.view.blocks as { type: string; block_id?: string }[];
    const blockId = blocks.find((b) => b.type === 'actions')?.block_id ?? '';
    expect(blockId).toMatch(new RegExp(`^stop_home\\.${id}\\.v\\d+$`));
    const click = buildViewAction(h.slack, 'U0CAROL', home.id, {
      actionId: 'stop_approve',
      blockId,
      type: 'button',
      value: id,
    });
    const res = await h.driver.interact(click);
    expect(res.status).toBe(200);
    await h.slack.waitFor(
      () => /Approved by <@U0CAROL>/.test(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)),
      5000,
      'the card approved',
    );
    await waitForReply(h.slack, card, /^Summary for SR-/);
    // The same click again (a double click, or a stale home): refused, told in the app's messages tab.
    await h.driver.interact(
      buildViewAction(h.slack, 'U0CAROL', home.id, {
        actionId: 'stop_approve',
        blockId,
        type: 'button',
        value: id,
      }),
    );
    const note = await h.slack.waitFor(
      () => h.slack.messages.find((m) => m.channel === 'U0CAROL'),
      5000,
      'a note to U0CAROL',
    );
    expect(note.text).toMatch(/already approved/);
    expect(
      h.slack.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args?.channel === DEFAULT_CHANNEL &&
          String(c.args?.text).startsWith('Stop request'),
      ),
    ).toHaveLength(1);
    await h.slack.waitFor(() => publishes(h, 'U0CAROL') >= 2, 5000, 'the home refreshed');
    // A stranger who is not an approver cannot approve from a home either.
    await h.driver.command('U0BOB', 'sandbox vm-4');
    const other = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    const otherId = requestIdOf(other);
    await h.driver.interact(
      buildViewAction(h.slack, 'U0MALLORY', home.id, {
        actionId: 'stop_approve',
        blockId: `stop_home.${otherId}.v2`,
        type: 'button',
        value: otherId,
      }),
    );
    const refused = await h.slack.waitFor(
      () => h.slack.messages.find((m) => m.channel === 'U0MALLORY'),
      5000,
      'a note to U0MALLORY',
    );
    expect(refused.text).toMatch(/not an approver/);
  });
});
