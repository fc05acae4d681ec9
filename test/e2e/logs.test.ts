import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { withRequest } from '../../src/lib/request-context.js';
import { createLogger } from '../../src/observability/logger.js';
import { BOT_TOKEN, baseConfig, type Harness, SIGNING_SECRET, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';

interface Line {
  level: number;
  time: string;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
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

  it('work done for a request logs its ID without being told (request context)', async () => {
    const { lines, stream } = sink();
    const logger = createLogger({ level: 'debug', destination: stream });
    await withRequest('SR-0123456789', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.child({ component: 'provider' }).debug({ operation: 'Stop' }, 'provider call');
    });
    logger.info('outside any request');
    const [inside, outside] = parse(lines);
    expect(inside).toMatchObject({ requestId: 'SR-0123456789', component: 'provider', msg: 'provider call' });
    expect(outside?.requestId).toBeUndefined();
  });
});
