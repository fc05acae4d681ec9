import { describe, expect, it } from 'vitest';
import { startFakeEcs } from '../fakes/huawei/server.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import {
  actionIdsOn,
  controlsOn,
  lastEphemeralText,
  rejectCard,
  requestIdOf,
  waitForCard,
  waitForReply,
} from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const AK = 'HWE2EAK0000000000001';
const SK = 'hwE2eSecretKey000000000000000000000000000';
const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function startBot(servers: { id: string; name: string; state: 'running' | 'stopped' }[], extra = {}) {
  const ecs = await startFakeEcs({ ak: AK, sk: SK, projectId: PROJECT, servers, stopDelayMs: 300 });
  const bot = await startBotOn(ecs, {
    config: baseConfig({
      incidentChannel: 'C0INCIDENT',
      providers: { huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint: ecs.url } },
      ...extra,
    }),
    env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK },
  });
  return { ecs, ...bot };
}
const start = closeAfterEach(startBot);

const twoServers = () => [
  { id: uuid(1), name: 'srv-1', state: 'running' as const },
  { id: uuid(2), name: 'srv-2', state: 'running' as const },
];

describe('/stop huawei, end to end', () => {
  it('happy path SOFT: request, card, approval, one batch stop, progress, summary, incident notices', async () => {
    const { ecs, h } = await start(twoServers());
    // The cloud answers the pre-flight slowly: the ack must not wait for it (Slack's limit is 3 s).
    ecs.setLatency(3_500);
    const res = await h.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason "cpu miner found"');
    ecs.setLatency(0);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
    expect(JSON.stringify(res.body)).toMatch(/Checking 2 targets/);

    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/2 machines on Huawei Cloud ECS/);
    expect(JSON.stringify(card.blocks)).toContain('cpu miner found');
    expect(actionIdsOn(card)).toEqual(['stop_mode', 'stop_approve', 'stop_reject']);
    const id = requestIdOf(card);
    const approve = card.blocks
      .flatMap((b) => (b as { elements?: { action_id: string; value: string }[] }).elements ?? [])
      .find((e) => e.action_id === 'stop_approve');
    expect(approve?.value).toBe(id);

    const click = await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    expect(click.status).toBe(200);

    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/2\/2 stopped/);
    expect(summary.replyBroadcast).toBe(true);
    expect(ecs.calls('BatchStopServers')).toBe(1);
    expect(ecs.stopRequestsFor(uuid(1))).toBe(1);
    expect(ecs.stopRequestsFor(uuid(2))).toBe(1);
    expect(ecs.authFailures()).toBe(0);

    const finalCard = h.slack.message(DEFAULT_CHANNEL, card.ts);
    expect(controlsOn(finalCard)).toEqual([]);
    expect(JSON.stringify(finalCard?.blocks)).toMatch(/Approved by <@U0ALICE>/);
    const progress = h.slack
      .thread(DEFAULT_CHANNEL, card.ts)
      .filter((m) => m.threadTs && /^Progress/.test(m.text));
    expect(progress).toHaveLength(1);
    expect(progress[0]?.text).toMatch(/2\/2 stopped/);

    const incident = h.slack.channelMessages('C0INCIDENT').map((m) => m.text);
    expect(incident.some((t) => t.includes(id) && /requested a stop/.test(t))).toBe(true);
    expect(incident.some((t) => /approved by <@U0ALICE>/.test(t))).toBe(true);
    await h.slack.waitFor(() =>
      h.slack.channelMessages('C0INCIDENT').some((m) => /finished: 2\/2 stopped/.test(m.text)),
    );
  });

  it('HARD: --hard preselects HARD, Approve carries a danger confirm, and the stop is HARD', async () => {
    const { ecs, h } = await start(twoServers());
    await h.driver.command('U0BOB', 'huawei srv-1 srv-2 --hard --reason test');
    const card = await waitForCard(h.slack);
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain('"confirm"');
    expect(blocks).toMatch(/"style":"danger"/);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    expect(ecs.state.stopTypes).toEqual(['HARD']);
  });

  it('choosing HARD on the card puts the confirm dialog on Approve', async () => {
    const { h } = await start(twoServers());
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    expect(JSON.stringify(card.blocks)).not.toContain('"confirm"');
    await h.driver.click('U0BOB', { actionId: 'stop_mode', value: 'HARD', messageTs: card.ts });
    await h.slack.waitFor(() =>
      JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks).includes('"confirm"'),
    );
  });

  it('refuses self-approval and a non-approver, changing nothing', async () => {
    const { ecs, h } = await start(twoServers());
    await h.driver.command('U0ALICE', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(() => /cannot approve it yourself/.test(lastEphemeralText(h.slack, 'U0ALICE')));
    await h.driver.click('U0MALLORY', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(() => /not an approver/.test(lastEphemeralText(h.slack, 'U0MALLORY')));
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('reject is final: buttons go, nothing stops, later approval is refused', async () => {
    const { ecs, h } = await start(twoServers());
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await rejectCard(h, 'U0ALICE', card);
    await h.slack.waitFor(() => controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts)).length === 0);
    expect(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)).toMatch(
      /Rejected by <@U0ALICE>/,
    );
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(() => /already rejected by <@U0ALICE>/.test(lastEphemeralText(h.slack, 'U0CAROL')));
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('expiry: the card says so and loses its buttons; a late click is refused', async () => {
    const { ecs, h } = await start(twoServers(), {
      approvals: { approvers: ['U0ALICE'], expiresIn: '1s', groupCacheTtl: 0 },
    });
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    await h.slack.waitFor(() => controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts)).length === 0, 5000);
    expect(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)).toMatch(/Expired/);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(() => /already expired/.test(lastEphemeralText(h.slack, 'U0ALICE')));
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('unknown and ambiguous names are listed before anything is requested', async () => {
    const servers = [
      ...twoServers(),
      { id: uuid(3), name: 'srv-2', state: 'running' as const },
      { id: uuid(4), name: 'srv-10', state: 'running' as const },
    ];
    const { ecs, h } = await start(servers);
    await h.driver.command('U0BOB', 'huawei srv-1,srv-2,ghost-9,srv');
    await h.slack.waitFor(() => /couldn't find/.test(lastEphemeralText(h.slack, 'U0BOB')));
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/ghost-9/);
    expect(text).toMatch(/`srv`/);
    expect(text).toMatch(/srv-2.*matches 2 machines/);
    expect(text).toMatch(/Nothing was requested/);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request/.test(m.text))).toHaveLength(
      0,
    );
    expect(ecs.calls('BatchStopServers')).toBe(0);
  });

  it('already-stopped targets are shown and left out of the stop', async () => {
    const servers = [...twoServers(), { id: uuid(3), name: 'srv-3', state: 'stopped' as const }];
    const { ecs, h } = await start(servers);
    await h.driver.command('U0BOB', `huawei srv-1 ${uuid(3)}`);
    const card = await waitForCard(h.slack);
    expect(JSON.stringify(card.blocks)).toMatch(/Already stopped, left out \(1\)/);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/1\/1 stopped/);
    expect(ecs.stopRequestsFor(uuid(3))).toBe(0);
  });

  it('answers 401 to a forged signature and acts on nothing', async () => {
    const { ecs, h } = await start(twoServers());
    const base = ecs.totalCalls();
    const body = new URLSearchParams({
      command: '/stop',
      text: 'huawei srv-1',
      user_id: 'U0BOB',
      channel_id: DEFAULT_CHANNEL,
    }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const forged = await h.driver.raw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': `v0=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    const stale = await h.driver.raw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.driver.sign(body, Number(ts) - 600),
    });
    expect(stale.status).toBe(401);
    expect(ecs.totalCalls() - base, 'calls after the startup credentials check').toBe(0);
  });

  it('/stop status shows the state and outcomes', async () => {
    const { h } = await start(twoServers());
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-/);
    await h.driver.command('U0BOB', `status ${id}`);
    await h.slack.waitFor(() => new RegExp(`${id}.*done`).test(lastEphemeralText(h.slack, 'U0BOB')));
    expect(lastEphemeralText(h.slack, 'U0BOB')).toMatch(/srv-1.*stopped/);
  });
});
