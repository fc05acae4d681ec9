import { describe, expect, it } from 'vitest';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { ENCODED_MESSAGE_MARK, FAKE_KEYS, type FakeEc2Options, startFakeEc2 } from '../fakes/aws/fake-ec2.js';
import type { FakeInstance } from '../fakes/aws/instances.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import { lastEphemeralText, requestAndApprove, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { findLeaks } from '../helpers/secret-scan.js';

// What moto cannot show (it has no IAM denial as EC2 words it, no throttling,
// no stopping phase, no resets): the same flow against the small EC2 fake,
// which speaks EC2's Query/XML and checks every SigV4 signature.
const SESSION_TOKEN = 'FwoGZXIvYXdzEfakeSessionTokenNotReal0123456789';
const web = (i: number, extra: Partial<FakeInstance> = {}): FakeInstance => ({
  id: awsFakeId(i),
  name: `web-${i}`,
  state: 'running',
  ...extra,
});

async function startBot(instances: FakeInstance[], options: Partial<FakeEc2Options> = {}) {
  const keys = { ...FAKE_KEYS, sessionToken: SESSION_TOKEN };
  const ec2 = await startFakeEc2({ instances, stopDelayMs: 300, keys, ...options });
  const bot = await startBotOn(ec2, {
    config: baseConfig({ providers: { aws: { region: 'us-east-1', endpoint: ec2.url, timeout: '2s' } } }),
    env: {
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
    },
  });
  return { ec2, ...bot };
}
const start = closeAfterEach(startBot);

describe('/stop aws against the EC2 fake: what moto cannot show', () => {
  it('tracks through stopping to stopped, with the session token signed on every call', async () => {
    const { ec2, h } = await start([web(1), web(2)]);
    const { summary } = await requestAndApprove(h, 'aws web-1,web-2');
    expect(summary.text).toMatch(/2\/2 stopped/);
    expect(ec2.calls('StopInstances')).toBe(1);
    expect(ec2.calls('DescribeInstances')).toBeGreaterThan(1);
    const leaks = findLeaks('logs and Slack', h.logs.join('\n') + JSON.stringify(h.slack.messages), [
      FAKE_KEYS.secretAccessKey,
      SESSION_TOKEN,
    ]);
    expect(leaks).toEqual([]);
  });

  it('a permission error on the stop is shown in plain words with the IAM action, never the encoded message', async () => {
    const { ec2, h } = await start([web(1)]);
    ec2.deny('StopInstances');
    const { card, summary } = await requestAndApprove(h, 'aws web-1');
    const failure = await waitForReply(h.slack, card, /web-1.*failed/);
    expect(failure.text).toMatch(/not allowed to call it/);
    expect(failure.text).toMatch(/ec2:StopInstances/);
    expect(summary.text).toMatch(/1 failed/);
    const everything = JSON.stringify(h.slack.messages) + JSON.stringify(h.slack.calls) + h.logs.join('\n');
    expect(everything).not.toContain(ENCODED_MESSAGE_MARK);
    expect(ec2.stateOf(awsFakeId(1))).toBe('running');
  });

  it('a permission error at pre-flight names ec2:DescribeInstances; nothing is requested', async () => {
    const { ec2, h } = await start([web(1)]);
    ec2.deny('DescribeInstances');
    await h.driver.command('U0BOB', 'aws web-1');
    await h.slack.waitFor(() => /Nothing was requested/.test(lastEphemeralText(h.slack, 'U0BOB')));
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/ec2:DescribeInstances/);
    expect(text).not.toContain(ENCODED_MESSAGE_MARK);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
    expect(ec2.calls('StopInstances')).toBe(0);
  });

  it('throttling, then success: the stop goes through once per instance', async () => {
    const { ec2, h } = await start([web(1), web(2)]);
    await h.driver.command('U0BOB', 'aws web-1 web-2');
    const card = await waitForCard(h.slack);
    ec2.throttleNext(2, 'StopInstances');
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    expect(ec2.calls('StopInstances')).toBe(3);
    expect(ec2.stopRequestsFor(awsFakeId(1))).toBe(1);
    expect(ec2.stopRequestsFor(awsFakeId(2))).toBe(1);
  });

  it('a connection reset after AWS acted: no second StopInstances, tracked to stopped', async () => {
    const { ec2, h } = await start([web(1), web(2)]);
    await h.driver.command('U0BOB', 'aws web-1 web-2');
    const card = await waitForCard(h.slack);
    ec2.resetAfterActing('StopInstances', 1);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    // Past the point where a retried stop would have arrived.
    await new Promise((r) => setTimeout(r, 500));
    expect(ec2.calls('StopInstances')).toBe(1);
    expect(ec2.stopRequestsFor(awsFakeId(1))).toBe(1);
    expect(ec2.stopRequestsFor(awsFakeId(2))).toBe(1);
  });

  it('pending and terminated instances fail with IncorrectInstanceState in plain words; the rest stop', async () => {
    const { ec2, h } = await start([web(1), web(2, { state: 'pending' }), web(3)]);
    const { card, summary } = await requestAndApprove(h, 'aws web-1,web-2,web-3');
    const failure = await waitForReply(h.slack, card, /web-2.*failed/);
    expect(failure.text).toMatch(/IncorrectInstanceState/);
    expect(failure.text).toMatch(/not in a state from which it can be stopped/);
    expect(summary.text).toMatch(/2\/3 stopped · 1 failed/);
    // The refused call, then one for the two that can stop: the pending one is settled from the describe.
    expect(ec2.calls('StopInstances')).toBe(2);
    expect(ec2.stateOf(awsFakeId(1))).toBe('stopped');
    expect(ec2.stateOf(awsFakeId(3))).toBe('stopped');
  });

  it('expired credentials are said in plain words', async () => {
    const { ec2, h } = await start([web(1)]);
    ec2.expired = true;
    await h.driver.command('U0BOB', 'aws web-1');
    await h.slack.waitFor(() => /Nothing was requested/.test(lastEphemeralText(h.slack, 'U0BOB')));
    expect(lastEphemeralText(h.slack, 'U0BOB')).toMatch(/AWS credentials have expired/);
  });
});
