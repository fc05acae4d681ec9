import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { sampleValue, scrape } from '../helpers/prom-text.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sandbox = {
  machines: [
    { id: 'vm-1', name: 'web-1' },
    { id: 'vm-2', name: 'web-2' },
    { id: 'vm-3', name: 'db-1', status: 'STOPPED' },
    { id: 'vm-4', name: 'web-3' },
  ],
  stopDelay: '300ms',
};

describe('GET /metrics', () => {
  it('counts a full sandbox flow, refused clicks, Slack errors and rate-limit waits', async () => {
    h = await startHarness({
      config: baseConfig({ incidentChannel: 'C0INCIDENT', providers: { sandbox } }),
      defaultMetrics: true,
    });
    const { slack, driver } = h;

    // Before anything happened: the families exist, with no request counted.
    const empty = await scrape(h.url);
    expect(empty.status).toBe(200);
    expect(empty.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sampleValue(empty.samples, 'stopbot_requests_total', { outcome: 'created' })).toBeUndefined();

    await driver.command('U0ALICE', 'sandbox web-1,web-2,db-1 --reason "cpu miner found"');
    const card = await waitForCard(slack);
    await driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await slack.waitFor(() => /cannot approve it yourself/.test(lastEphemeralText(slack, 'U0ALICE')));
    await driver.click('U0MALLORY', { actionId: 'stop_approve', messageTs: card.ts });
    await slack.waitFor(() => /not an approver/.test(lastEphemeralText(slack, 'U0MALLORY')));

    // The card edit after approval meets a 429 with Retry-After: 1; the client waits and retries.
    slack.failNext('chat.update', { status: 429, retryAfterSec: 1 });
    await driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(slack, card, /^Summary for SR-.*2\/2 stopped/);
    const incident = (pattern: RegExp) =>
      slack.waitFor(() => slack.channelMessages('C0INCIDENT').some((m) => pattern.test(m.text)), 5000);
    await incident(/finished: 2\/2 stopped/);
    // The click's own card edit waited out the 429; it must not leave the card stale.
    await incident(/approved by <@U0CAROL>/);
    await slack.waitFor(
      () => /done: 2\/2 stopped/.test(JSON.stringify(slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)),
      5000,
      'the card showing done',
    );
    expect(slack.rateLimited['chat.update']).toBe(1);

    // A second request whose card cannot be posted: one Slack API error.
    slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await driver.command('U0BOB', 'sandbox web-3');
    await slack.waitFor(() => /couldn't post the request/.test(lastEphemeralText(slack, 'U0BOB')));

    const { samples, text } = await scrape(h.url);
    const v = (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels);
    const sandboxOnly = { provider: 'sandbox' };

    expect(v('stopbot_requests_total', { ...sandboxOnly, outcome: 'created' })).toBe(2);
    expect(v('stopbot_requests_total', { ...sandboxOnly, outcome: 'approved' })).toBe(1);
    expect(v('stopbot_requests_total', { ...sandboxOnly, outcome: 'done' })).toBe(1);
    expect(v('stopbot_requests_total', { ...sandboxOnly, outcome: 'rejected' })).toBeUndefined();

    expect(v('stopbot_clicks_refused_total', { reason: 'self_approval' })).toBe(1);
    expect(v('stopbot_clicks_refused_total', { reason: 'not_allowed' })).toBe(1);

    expect(text).toContain('# TYPE stopbot_time_to_approval_seconds histogram');
    expect(v('stopbot_time_to_approval_seconds_count', sandboxOnly)).toBe(1);
    const waited = v('stopbot_time_to_approval_seconds_sum', sandboxOnly) ?? 0;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThan(10);
    expect(v('stopbot_time_to_approval_seconds_bucket', { ...sandboxOnly, le: '+Inf' })).toBe(1);

    expect(text).toContain('# TYPE stopbot_approval_to_stopped_seconds histogram');
    expect(v('stopbot_approval_to_stopped_seconds_count', sandboxOnly)).toBe(2);
    // Each machine took at least the sandbox's 300 ms stop delay.
    expect(v('stopbot_approval_to_stopped_seconds_sum', sandboxOnly)).toBeGreaterThanOrEqual(0.6);
    expect(v('stopbot_targets_total', { ...sandboxOnly, outcome: 'stopped' })).toBe(2);

    const call = (operation: string) => ({ ...sandboxOnly, operation });
    expect(v('stopbot_provider_calls_total', { ...call('Stop'), code: 'ok' })).toBe(1);
    // Two pre-flight resolves plus at least one tracking round.
    const describes = v('stopbot_provider_calls_total', { ...call('Describe'), code: 'ok' }) ?? 0;
    expect(describes).toBeGreaterThanOrEqual(3);
    expect(v('stopbot_provider_call_seconds_count', call('Stop'))).toBe(1);
    expect(v('stopbot_provider_call_seconds_count', call('Describe'))).toBe(describes);

    expect(v('stopbot_slack_api_errors_total', { method: 'chat.postMessage', code: 'not_in_channel' })).toBe(
      1,
    );
    const slackErrors = samples.filter((s) => s.name === 'stopbot_slack_api_errors_total');
    expect(slackErrors.reduce((sum, s) => sum + s.value, 0)).toBe(1);
    expect(v('stopbot_slack_rate_limit_waits_total', { method: 'chat.update' })).toBe(1);

    // Jobs: each request's expiry is still scheduled; nothing is waiting or running.
    expect(v('stopbot_jobs', { state: 'delayed' })).toBe(2);
    expect(v('stopbot_jobs', { state: 'waiting' })).toBe(0);
    expect(v('stopbot_jobs', { state: 'active' })).toBe(0);

    // Node's default metrics are on the same registry.
    expect(v('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(v('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);

    // Labels never carry user text, IDs or secrets.
    expect(text).not.toMatch(/cpu miner|SR-|U0ALICE|xoxb-|127\.0\.0\.1/);
  });

  it('leaves Node default metrics out when asked to', async () => {
    h = await startHarness({ config: baseConfig({ providers: { sandbox } }) });
    const { text } = await scrape(h.url);
    expect(text).toContain('# TYPE stopbot_requests_total counter');
    expect(text).not.toMatch(/^process_cpu/m);
    expect(text).not.toMatch(/^nodejs_/m);
  });
});
