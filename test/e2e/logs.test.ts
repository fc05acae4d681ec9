import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { BOT_TOKEN, baseConfig, type Harness, SIGNING_SECRET, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { startHuaweiBot, uuid } from '../helpers/huawei-bot.js';

interface Line {
  level: number;
  time: string;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

let h: Harness | undefined;
let closeLater: { close(): Promise<void> } | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
  await closeLater?.close();
  closeLater = undefined;
});

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

const parse = (raw: readonly string[]): Line[] =>
  raw.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as Line);

describe('logs', () => {
  it('a happy request: JSON lines, the request ID on every line about it, nothing at warn or above', async () => {
    h = await startHarness({
      config: baseConfig({
        incidentChannel: 'C0INCIDENT',
        providers: { sandbox: { machines: [{ id: 'vm-1', name: 'web-1' }], stopDelay: '200ms' } },
      }),
    });
    const { slack, driver } = h;
    await driver.command('U0ALICE', 'sandbox web-1 --reason "cpu miner found"');
    const card = await waitForCard(slack);
    const id = requestIdOf(card);
    await driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await slack.waitFor(() => /cannot approve it yourself/.test(lastEphemeralText(slack, 'U0ALICE')));
    await driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(slack, card, /^Summary for SR-.*1\/1 stopped/);
    await slack.waitFor(() =>
      slack.channelMessages('C0INCIDENT').some((m) => /finished: 1\/1 stopped/.test(m.text)),
    );

    const lines = parse(h.logs);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      expect(typeof l.time).toBe('string');
      expect(typeof l.msg).toBe('string');
      expect(l.app).toBe('stopbot');
    }

    // Every line that mentions the request carries its ID as a field.
    const about = lines.filter((l) => JSON.stringify(l).includes(id));
    expect(about.length).toBeGreaterThan(5);
    expect(about.filter((l) => l.requestId !== id)).toEqual([]);

    // The milestones of the request are logged at info, each with the request ID.
    const milestone = (msg: string) => lines.filter((l) => l.msg === msg && l.requestId === id);
    for (const msg of [
      'stop requested',
      'click refused',
      'request approved',
      'stop submitted',
      'request finished',
    ]) {
      expect(milestone(msg), msg).toHaveLength(1);
      expect(milestone(msg)[0]?.level).toBe(30);
    }
    expect(milestone('click refused')[0]).toMatchObject({ reason: 'self_approval', user: 'U0ALICE' });
    expect(milestone('request finished')[0]).toMatchObject({ provider: 'sandbox', stopped: 1, failed: 0 });
    // The stop job and each tracking round say which request they worked on.
    const jobs = lines.filter((l) => l.msg === 'job done');
    expect(jobs.filter((l) => l.job === 'stop' && l.requestId === id)).toHaveLength(1);
    expect(jobs.filter((l) => l.job === 'track' && l.requestId === id).length).toBeGreaterThanOrEqual(1);

    // Every cloud call the bot made for the request is one line of its own, counted against the sandbox's own record.
    const calls = milestone('provider call');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const c of calls) {
      expect(c).toMatchObject({ provider: 'sandbox', ok: true, code: 'ok', level: 30 });
      expect(typeof c.operation).toBe('string');
      expect(typeof c.ms).toBe('number');
    }
    expect(calls.map((c) => c.operation)).toContain('Stop');

    // Levels: a happy path (a refused click is not a problem of the bot's) has nothing at warn or above.
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    // No secret in any line.
    const all = h.logs.join('');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
  });

  it('redacts secret fields by name and masks known secret values anywhere in a line', () => {
    const { lines, stream } = sink();
    const secret = 'hwSecretKey0000000000000000000000000000';
    const logger = createLogger({
      level: 'info',
      secrets: [secret, 'xoxb-1-secret-bot-token'],
      destination: stream,
    });
    logger.info(
      {
        authorization: 'Bearer abc.def',
        token: 'xoxb-1-secret-bot-token',
        headers: { authorization: 'SDK-HMAC-SHA256 Signature=00ff', 'x-slack-signature': 'v0=abc' },
        config: { secrets: { sk: secret } },
        provider: { accessKeySecret: 'alibaba-secret-1234' },
        keep: 'visible',
      },
      'calling the cloud',
    );
    logger.warn(`signing failed for key ${secret} (token xoxb-1-secret-bot-token)`);
    logger.error({ err: `upstream said: bad signature for ${secret}` }, 'stop failed');

    const [first, second, third] = parse(lines);
    expect(first).toMatchObject({
      authorization: '[REDACTED]',
      token: '[REDACTED]',
      headers: { authorization: '[REDACTED]', 'x-slack-signature': '[REDACTED]' },
      config: { secrets: '[REDACTED]' },
      provider: { accessKeySecret: '[REDACTED]' },
      keep: 'visible',
      msg: 'calling the cloud',
    });
    expect(second?.msg).toBe('signing failed for key [REDACTED] (token [REDACTED])');
    expect(third?.err).toBe('upstream said: bad signature for [REDACTED]');
    const all = lines.join('');
    expect(all).not.toContain(secret);
    expect(all).not.toContain('xoxb-1-secret-bot-token');
    expect(all).not.toContain('Bearer abc');
    expect(all).not.toContain('alibaba-secret-1234');
  });

  it("a real cloud call deep inside an adapter: its request, its failure code, the cloud's request ID", async () => {
    const world = await startHuaweiBot(
      [{ id: uuid(1), name: 'web-1', state: 'running' }],
      {},
      { checkCredentials: false },
    );
    closeLater = world;
    const { h: bot, ecs } = world;
    await bot.driver.command('U0ALICE', 'huawei web-1 --reason "cpu miner found"');
    const card = await waitForCard(bot.slack);
    const id = requestIdOf(card);
    ecs.throttleNext(1);
    await bot.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(bot.slack, card, /^Summary for SR-.*1\/1 stopped/);
    const calls = parse(bot.logs).filter((l) => l.msg === 'provider call');
    const stops = calls.filter((l) => l.operation === 'BatchStopServers');
    // The throttled attempt and its retry, both written by the bot, with this request's ID; the fake saw both.
    expect(stops.map((l) => [l.provider, l.requestId, l.ok, l.code])).toEqual([
      ['huawei', id, false, 'APIGW.0308'],
      ['huawei', id, true, 'ok'],
    ]);
    expect(ecs.calls('BatchStopServers')).toBe(2);
    // One line per call the fake answered while the request ran (resolve, stop, tracking).
    expect(calls).toHaveLength(ecs.totalCalls());
    for (const l of stops) expect(typeof l.providerRequestId).toBe('string');
    expect(bot.logs.join('')).not.toContain('hwSecSecretKey');
  });
});
