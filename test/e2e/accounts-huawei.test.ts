import { describe, expect, it } from 'vitest';
import { startFakeEcs } from '../fakes/huawei/server.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import { actionIdsOn, lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * Two Huawei accounts in one bot (issue 12): `huawei` with the vendor's
 * variables and long-lived keys, `huawei-dr` with its own variables, temporary
 * keys (a security token) and its own approvers. Each fake cloud only accepts
 * its own keys (and the DR one only with its token, signed), and both hold the
 * same server IDs and names.
 */
const MAIN = { ak: 'HWMAINAK000000000001', sk: 'hwMainSecretKey00000000000000000000000000' };
const DR = {
  ak: 'HWDRAK00000000000002',
  sk: 'hwDrSecretKey000000000000000000000000000000',
  securityToken: 'hwDrSecurityToken-0123456789abcdef-temporary',
};
const MAIN_PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const DR_PROJECT = '4567ef0123456789abcdef0123456789';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const servers = () => [1, 2, 3].map((i) => ({ id: uuid(i), name: `srv-${i}`, state: 'running' as const }));

async function startTwoAccounts() {
  const main = await startFakeEcs({ ...MAIN, projectId: MAIN_PROJECT, servers: servers(), stopDelayMs: 100 });
  const dr = await startFakeEcs({ ...DR, projectId: DR_PROJECT, servers: servers(), stopDelayMs: 100 });
  const clouds = {
    close: async () => {
      await main.close();
      await dr.close();
    },
  };
  const bot = await startBotOn(clouds, {
    config: baseConfig({
      incidentChannel: 'C0INCIDENT',
      providers: {
        huawei: { region: 'cn-north-4', projectId: MAIN_PROJECT, endpoint: main.url },
        'huawei-dr': {
          cloud: 'huawei',
          region: 'cn-east-3',
          projectId: DR_PROJECT,
          endpoint: dr.url,
          credentials: { ak: 'HUAWEI_DR_AK', sk: 'HUAWEI_DR_SK', securityToken: 'HUAWEI_DR_TOKEN' },
          approvers: ['U0DRLEAD'],
        },
      },
    }),
    env: {
      HUAWEICLOUD_SDK_AK: MAIN.ak,
      HUAWEICLOUD_SDK_SK: MAIN.sk,
      HUAWEI_DR_AK: DR.ak,
      HUAWEI_DR_SK: DR.sk,
      HUAWEI_DR_TOKEN: DR.securityToken,
    },
  });
  return { main, dr, ...bot };
}
const start = closeAfterEach(startTwoAccounts);

const refusedWith = (h: Harness, user: string, pattern: RegExp) =>
  h.slack.waitFor(() => pattern.test(lastEphemeralText(h.slack, user)), 5000, `${user} told ${pattern}`);

describe('two Huawei accounts: huawei and huawei-dr', () => {
  it('a stop on huawei-dr calls only its cloud, signed with its keys and token, approved by its own approver', async () => {
    const { main, dr, h } = await start();
    // The startup credentials check made one read call on each; count only what follows.
    const before = { main: main.totalCalls(), dr: dr.totalCalls() };
    await h.driver.command('U0BOB', 'huawei-dr srv-1,srv-2 --reason "dr drill"');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/2 machines on huawei-dr/);
    expect(JSON.stringify(card.blocks)).toContain('*huawei-dr*');
    const id = requestIdOf(card);

    // A global approver is not an approver of huawei-dr's requests.
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0ALICE', /not an approver for stop requests on huawei-dr/);
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
    // A member of the global approver group neither.
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0CAROL', /not an approver for stop requests on huawei-dr/);

    await h.driver.click('U0DRLEAD', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(new RegExp(`^Summary for ${id} on huawei-dr: 2/2 stopped`));

    expect(dr.calls('BatchStopServers')).toBe(1);
    expect(dr.isStopped(uuid(1))).toBe(true);
    expect(dr.isStopped(uuid(2))).toBe(true);
    // The DR fake takes only its own keys with its token, signed: any other signing fails there.
    expect(dr.authFailures()).toBe(0);
    // The other account, holding the very same IDs and names, was never called.
    expect(main.totalCalls() - before.main).toBe(0);
    expect(main.isStopped(uuid(1))).toBe(false);

    const incident = h.slack.channelMessages('C0INCIDENT').map((m) => m.text);
    expect(incident.some((t) => t.includes(id) && /2 machines on huawei-dr/.test(t))).toBe(true);

    await h.driver.command('U0BOB', `status ${id}`);
    await refusedWith(h, 'U0BOB', new RegExp(`\\*${id}\\* \\(huawei-dr\\) is \\*done\\*`));
  });

  it('the same machine name resolves per account, and the global approvers still decide for huawei', async () => {
    const { main, dr, h } = await start();
    // The startup credentials check made one read call on each; count only what follows.
    const before = { main: main.totalCalls(), dr: dr.totalCalls() };
    await h.driver.command('U0BOB', 'huawei srv-3');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/1 machine on Huawei Cloud ECS/);
    // huawei-dr's own approver is not an approver of the other account.
    await h.driver.click('U0DRLEAD', { actionId: 'stop_approve', messageTs: card.ts });
    await refusedWith(h, 'U0DRLEAD', /not an approver for stop requests/);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.* 1\/1 stopped/);
    expect(main.isStopped(uuid(3))).toBe(true);
    expect(main.authFailures()).toBe(0);
    expect(dr.totalCalls() - before.dr).toBe(0);
    expect(dr.isStopped(uuid(3))).toBe(false);

    // The same ID on the other account is another machine: its own request, its own stop.
    await h.driver.command('U0BOB', `huawei-dr ${uuid(3)}`);
    const second = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    expect(second.text).toMatch(/1 machine on huawei-dr/);
    await h.driver.click('U0DRLEAD', { actionId: 'stop_approve', messageTs: second.ts });
    await waitForReply(h.slack, second, /^Summary for SR-.* 1\/1 stopped/);
    expect(dr.isStopped(uuid(3))).toBe(true);
    expect(dr.stopRequestsFor(uuid(3))).toBe(1);
    expect(main.stopRequestsFor(uuid(3))).toBe(1);
  });

  it('an alias points at the provider named after the cloud; an unknown name gets the configured names', async () => {
    const { main, dr, h } = await start();
    // The startup credentials check made one read call on each; count only what follows.
    const before = { main: main.totalCalls(), dr: dr.totalCalls() };
    await h.driver.command('U0BOB', 'ecs srv-1');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/1 machine on Huawei Cloud ECS/);
    expect(main.totalCalls() - before.main).toBeGreaterThan(0);
    expect(dr.totalCalls() - before.dr).toBe(0);

    await h.driver.command('U0BOB', 'huawei-qa srv-1');
    await refusedWith(
      h,
      'U0BOB',
      /"huawei-qa" is not a provider I know; the providers here are huawei, huawei-dr/,
    );
    await h.driver.command('U0BOB', 'sae app-1');
    await refusedWith(
      h,
      'U0BOB',
      /Alibaba Cloud SAE is not configured on this bot; the providers here are huawei, huawei-dr/,
    );
    expect(dr.totalCalls() - before.dr).toBe(0);
  });

  it('never writes either account’s secret or token to the logs', async () => {
    const { h } = await start();
    await h.driver.command('U0BOB', 'huawei-dr srv-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0DRLEAD', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-/);
    const logs = h.logs.join('\n');
    expect(logs).toContain('huawei-dr');
    for (const secret of [MAIN.sk, DR.sk, DR.securityToken]) expect(logs).not.toContain(secret);
  });
});
