import { describe, expect, it } from 'vitest';
import { startFakeEcs } from '../fakes/huawei/server.js';
import type { SlackMessage } from '../fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import {
  actionIdsOn,
  controlsOn,
  lastEphemeralText,
  rejectCard,
  waitForCard,
  waitForReply,
} from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * Who may ask and who may approve (src/approvals/policy.ts, src/bot/actions.ts):
 * lists deny by default once configured, group membership is read at click
 * time, the requester may withdraw (reject) but not approve unless
 * selfApproval is on, and a membership that cannot be read refuses.
 */
const AK = 'HWPERMSAK00000000001';
const SK = 'hwPermsSecretKey000000000000000000000000';
const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function startBot(extra: Record<string, unknown> = {}, approvals: Record<string, unknown> = {}) {
  const ecs = await startFakeEcs({
    ak: AK,
    sk: SK,
    projectId: PROJECT,
    stopDelayMs: 100,
    servers: [1, 2, 3, 4].map((i) => ({ id: uuid(i), name: `srv-${i}`, state: 'running' as const })),
  });
  const bot = await startBotOn(ecs, {
    config: baseConfig({
      approvals: {
        approvers: ['U0ALICE', 'S0ONCALL'],
        selfApproval: false,
        expiresIn: '1m',
        groupCacheTtl: 0,
        ...approvals,
      },
      providers: { huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint: ecs.url } },
      ...extra,
    }),
    env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK },
    slack: { userGroups: { S0ONCALL: ['U0CAROL'], S0SRE: ['U0DAVE'] } },
  });
  return { ecs, ...bot };
}
const start = closeAfterEach(startBot);

const cards = (h: Harness) =>
  h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => !m.threadTs && /^Stop request/.test(m.text));

/** Waits for the user's latest ephemeral to match. */
const refusedWith = (h: Harness, user: string, pattern: RegExp) =>
  h.slack.waitFor(() => pattern.test(lastEphemeralText(h.slack, user)), 5000, `${user} told ${pattern}`);

const stillPending = (h: Harness, card: SlackMessage) =>
  expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([
    'stop_mode',
    'stop_approve',
    'stop_reject',
  ]);

describe('who may ask: requesters and channels allow-lists', () => {
  const lists = { requesters: ['U0BOB', 'S0SRE'], channels: [DEFAULT_CHANNEL] };

  it('refuses a user who is not listed, plainly, and calls no provider', async () => {
    const { ecs, h } = await start(lists);
    const base = ecs.totalCalls();
    await h.driver.command('U0EVE', 'huawei srv-1 --reason "not mine to ask"');
    await refusedWith(
      h,
      'U0EVE',
      /can't request a stop here: you are not on the list of people who may request a stop/,
    );
    expect(cards(h)).toHaveLength(0);
    expect(ecs.totalCalls() - base, 'calls after the startup credentials check').toBe(0);
  });

  it('refuses a listed user in a channel that is not listed, and calls no provider', async () => {
    const { ecs, h } = await start(lists);
    const base = ecs.totalCalls();
    await h.driver.command('U0BOB', 'huawei srv-1', { channelId: 'C0RANDOM' });
    await refusedWith(h, 'U0BOB', /not allowed in this channel/);
    expect(h.slack.channelMessages('C0RANDOM')).toHaveLength(0);
    expect(ecs.totalCalls() - base, 'calls after the startup credentials check').toBe(0);
  });

  it('lets a listed user and a member of a listed group ask', async () => {
    const { h } = await start(lists);
    await h.driver.command('U0BOB', 'huawei srv-1');
    await waitForCard(h.slack);
    await h.driver.command('U0DAVE', 'huawei srv-2');
    await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
  });

  it('fails closed when group membership cannot be read: no request, a clear message', async () => {
    const { ecs, h } = await start(lists);
    const base = ecs.totalCalls();
    h.slack.failNext('usergroups.users.list', { error: 'internal_error' });
    await h.driver.command('U0DAVE', 'huawei srv-1');
    await refusedWith(h, 'U0DAVE', /could not check user-group membership/);
    expect(cards(h)).toHaveLength(0);
    expect(ecs.totalCalls() - base, 'calls after the startup credentials check').toBe(0);
  });

  it('without lists, anyone may ask anywhere', async () => {
    const { h } = await start();
    await h.driver.command('U0EVE', 'huawei srv-1', { channelId: 'C0RANDOM' });
    await waitForCard(h.slack, 'C0RANDOM');
  });
});

describe('who may approve: re-checked at click time', () => {
  it('a user removed from the approver group after the card was posted can no longer approve', async () => {
    const { ecs, h } = await start();
    // Carol approves a first request, so her membership has been read (and would be cached, if it were).
    await h.driver.command('U0BOB', 'huawei srv-3');
    const first = await waitForCard(h.slack);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: first.ts });
    await waitForReply(h.slack, first, /^Summary for SR-/);
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    h.slack.setUserGroup('S0ONCALL', []);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0CAROL', /can't approve this request: you are not an approver/);
    stillPending(h, card);
    expect(ecs.stopRequestsFor(uuid(1))).toBe(0);

    // Put back, the same click goes through: membership is read per click, not cached (groupCacheTtl 0).
    h.slack.setUserGroup('S0ONCALL', ['U0CAROL']);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
    expect(ecs.stopRequestsFor(uuid(1))).toBe(1);
  });

  it('a user added to the group after the card was posted may approve', async () => {
    const { ecs, h } = await start();
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    h.slack.setUserGroup('S0ONCALL', ['U0CAROL', 'U0FRANK']);
    await h.driver.click('U0FRANK', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(ecs.calls('BatchStopServers')).toBe(1);
  });

  it('fails closed when usergroups.users.list fails: "could not check", nothing changes', async () => {
    const { ecs, h } = await start();
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    // 5xx past the client's retries (slack.retries: 2), then a plain error answer.
    h.slack.failNext('usergroups.users.list', { status: 503 }, 3);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0CAROL', /could not check user-group membership with Slack/);
    h.slack.failNext('usergroups.users.list', { error: 'ratelimited' });
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(
      () => h.slack.ephemeralsFor('U0CAROL').filter((e) => /could not check/.test(e.text)).length === 2,
    );
    stillPending(h, card);
    expect(ecs.calls('BatchStopServers')).toBe(0);
    expect(h.slack.counts['usergroups.users.list']).toBe(4);
  });

  it('a user listed by ID needs no group lookup, so a Slack outage does not block them', async () => {
    const { h } = await start();
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    h.slack.failNext('usergroups.users.list', { error: 'internal_error' }, 5);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-/);
  });
});

describe('the requester and their own request', () => {
  it('cannot approve it when selfApproval is false, even as an approver', async () => {
    const { ecs, h } = await start();
    await h.driver.command('U0ALICE', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0ALICE', /cannot approve it yourself/);
    stillPending(h, card);
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('can approve it when selfApproval is true, if they are an approver', async () => {
    const { ecs, h } = await start({}, { selfApproval: true });
    await h.driver.command('U0ALICE', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
    expect(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)).toMatch(
      /Approved by <@U0ALICE>/,
    );
    expect(ecs.stopRequestsFor(uuid(1))).toBe(1);
  });

  it('selfApproval does not make a non-approver requester an approver', async () => {
    const { ecs, h } = await start({}, { selfApproval: true });
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0BOB', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0BOB', /not an approver/);
    stillPending(h, card);
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('may withdraw (reject) their own request without being an approver; a stranger may not reject', async () => {
    const { ecs, h } = await start();
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0MALLORY', { actionId: 'stop_reject', messageTs: card.ts });
    await refusedWith(h, 'U0MALLORY', /can't reject this request: you are not an approver/);
    stillPending(h, card);

    await rejectCard(h, 'U0BOB', card);
    await h.slack.waitFor(() => controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts)).length === 0);
    expect(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)).toMatch(/Rejected by <@U0BOB>/);
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('may change the shutdown type of their own request; a stranger may not', async () => {
    const { h } = await start();
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0MALLORY', { actionId: 'stop_mode', value: 'HARD', messageTs: card.ts });
    await refusedWith(h, 'U0MALLORY', /can't change the shutdown type/);
    expect(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)).not.toContain('"confirm"');
    await h.driver.click('U0BOB', { actionId: 'stop_mode', value: 'HARD', messageTs: card.ts });
    await h.slack.waitFor(() =>
      JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks).includes('"confirm"'),
    );
  });
});
