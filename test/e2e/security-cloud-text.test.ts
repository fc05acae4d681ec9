import { describe, expect, it } from 'vitest';
import { appId, REGION, TEST_KEY_ID, TEST_SECRET } from '../fakes/alibaba/harness.js';
import { startFakeSae } from '../fakes/alibaba/server.js';
import { FAKE_KEYS, startFakeEc2 } from '../fakes/aws/fake-ec2.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { zenlayerId } from '../fakes/zenlayer/harness.js';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_PASSWORD, startFakeZenlayer } from '../fakes/zenlayer/server.js';
import type { Harness } from '../helpers/bot-harness.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { startHuaweiBot, uuid } from '../helpers/huawei-bot.js';

/** Finding 5: a cloud that echoes the request's headers in its error never gets them into Slack. */
const open = closeAfterEach(async <T extends { close(): Promise<void> }>(f: () => Promise<T>) => f());

/** Nothing that signs a request survives; the cloud's code does. */
function expectClean(text: string, code: RegExp, keyId: string) {
  expect(text).toMatch(code);
  expect(text).not.toContain(keyId);
  expect(text).not.toMatch(/HMAC-SHA/i);
  for (const m of text.matchAll(
    /\b(signature|credential|access|authorization|token|nonce)["']?\s*[:=]\s*["']?([^\s,"';&]*)/gi,
  )) {
    // Cleaned, or cut off at the length limit before any value.
    expect(m[2]?.startsWith('…') || m[2]?.startsWith('[removed]'), `${m[1]} in: ${text}`).toBe(true);
  }
  expect(text).not.toMatch(/[0-9a-f]{40,}/i);
}

async function echoedReply(h: Harness, command: string): Promise<string> {
  await h.driver.command('U0BOB', command);
  return h.slack.waitFor(
    () => {
      const t = lastEphemeralText(h.slack, 'U0BOB');
      return /couldn't check the targets/.test(t) ? t : undefined;
    },
    10_000,
    'the pre-flight failure reply',
  );
}

describe('finding 5: a cloud echoing the request headers', () => {
  it('AWS: the pre-flight reply shows the code and a cleaned message', async () => {
    const ec2 = await startFakeEc2({
      instances: [{ id: 'i-0123456789abcdef0', name: 'web-1', state: 'running' }],
      echoHeaders: true,
    });
    const { h } = await open(() =>
      startBotOn(ec2, {
        config: baseConfig({ providers: { aws: { region: 'us-east-1', endpoint: ec2.url, timeout: '2s' } } }),
        env: {
          AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey,
          AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEfakeSessionTokenNotReal0123456789',
        },
      }),
    );
    const text = await echoedReply(h, 'aws i-0123456789abcdef0');
    expectClean(text, /InvalidParameterValue/, FAKE_KEYS.accessKeyId);
    expect(text).not.toContain('FwoGZXIvYXdzEfakeSessionTokenNotReal');
  });

  it('Huawei: the pre-flight reply and a failed stop show the code and a cleaned message', async () => {
    const { ecs, h } = await open(() => startHuaweiBot([{ id: uuid(1), name: 'srv-1', state: 'running' }]));
    ecs.setEchoHeaders(true);
    expectClean(await echoedReply(h, 'huawei srv-1'), /Ecs\.0005/, 'HWSECAK0000000000001');

    ecs.setEchoHeaders(false);
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    ecs.setEchoHeaders(true);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    const thread = h.slack
      .thread(DEFAULT_CHANNEL, card.ts)
      .map((m) => JSON.stringify([m.text, m.blocks]))
      .join('\n');
    expect(JSON.stringify(summary.blocks)).toMatch(/failed/);
    expectClean(thread, /Ecs\.0005/, 'HWSECAK0000000000001');
  });

  it('Alibaba: the pre-flight reply shows the code and a cleaned message', async () => {
    const sae = await startFakeSae({
      region: REGION,
      accounts: { [TEST_KEY_ID]: TEST_SECRET },
      apps: [{ appId: appId(1), appName: 'web', namespaceId: `${REGION}:prod`, state: 'running' }],
      echoHeaders: true,
    });
    const { h } = await open(() =>
      startBotOn(sae, {
        config: baseConfig({ providers: { alibaba: { region: REGION, endpoint: sae.url, timeout: '2s' } } }),
        env: { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_SECRET },
      }),
    );
    expectClean(await echoedReply(h, 'alibaba web'), /IncompleteSignature/, TEST_KEY_ID);
  });

  it('Zenlayer: the pre-flight reply shows the code and a cleaned message', async () => {
    const bmc = await startFakeZenlayer({
      machines: [{ id: zenlayerId(1), name: 'web-1' }],
      echoHeaders: true,
    });
    const { h } = await open(() =>
      startBotOn(bmc, {
        config: baseConfig({ providers: { zenlayer: { endpoint: bmc.url, timeout: '2s' } } }),
        env: {
          ZENLAYERCLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
          ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: FAKE_ACCESS_KEY_PASSWORD,
        },
      }),
    );
    expectClean(await echoedReply(h, 'zenlayer web-1'), /INVALID_PARAMETER/, FAKE_ACCESS_KEY_ID);
  });
});
