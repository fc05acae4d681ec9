import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { actionIdsOn, controlsOn, lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';

let h: Harness | undefined;

async function start() {
  h = await startHarness({
    socketMode: true,
    // A Socket Mode bot needs no signing secret.
    env: { SLACK_SIGNING_SECRET: undefined },
    config: baseConfig({
      incidentChannel: 'C0INCIDENT',
      providers: {
        sandbox: {
          machines: [
            { id: 'sbx-1', name: 'vm-1' },
            { id: 'sbx-2', name: 'vm-2' },
          ],
          stopDelay: '150ms',
        },
      },
    }),
  });
  await h.slack.socket.waitForConnection();
  return h;
}

/** Stop the bot (its shutdown drains the work in hand) and keep its fake Slack for counting. */
async function stopBot(): Promise<void> {
  const running = h;
  h = undefined;
  await running?.bot.stop();
  closeSlackLater = running?.slack;
}
let closeSlackLater: { close(): Promise<void> } | undefined;

afterEach(async () => {
  await closeSlackLater?.close();
  closeSlackLater = undefined;
  await h?.close();
  h = undefined;
});

describe('Socket Mode, end to end', () => {
  it('connects with the app token, takes /stop and the approval over the socket, and posts the summary', async () => {
    const h = await start();
    expect(h.slack.counts['apps.connections.open']).toBe(1);
    expect(h.slack.socket.connectionCount).toBe(1);

    const ack = await h.slack.socket.sendSlashCommand('U0BOB', 'sandbox vm-1,vm-2 --reason "socket drill"');
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'Checking 2 targets on Sandbox…' });
    expect(lastEphemeralText(h.slack, 'U0BOB')).toBe('Checking 2 targets on Sandbox…');

    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/2 machines on Sandbox/);
    expect(JSON.stringify(card.blocks)).toContain('socket drill');
    expect(actionIdsOn(card)).toEqual(['stop_approve', 'stop_reject']);

    const click = await h.slack.socket.sendBlockActions('U0ALICE', {
      actionId: 'stop_approve',
      messageTs: card.ts,
    });
    expect(click.envelopeId).toBeTruthy();
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/2\/2 stopped/);
    await h.slack.waitFor(
      () => controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts)).length === 0,
      2000,
      'buttons gone',
    );
    await h.slack.waitFor(() =>
      h.slack.channelMessages('C0INCIDENT').some((m) => /finished: 2\/2 stopped/.test(m.text)),
    );
    // Every envelope was acked exactly once.
    const acked = h.slack.socket.acks.map((a) => a.envelopeId);
    expect(new Set(acked).size).toBe(acked.length);
    expect(acked).toHaveLength(h.slack.socket.envelopes.length);
  });

  it('a refused click over the socket gets an ephemeral refusal and changes nothing', async () => {
    const h = await start();
    await h.slack.socket.sendSlashCommand('U0BOB', 'sandbox vm-1');
    const card = await waitForCard(h.slack);
    await h.slack.socket.sendBlockActions('U0MALLORY', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(() => /not an approver/.test(lastEphemeralText(h.slack, 'U0MALLORY')));
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
  });

  it('help and parse errors are answered in the ack', async () => {
    const h = await start();
    const help = await h.slack.socket.sendSlashCommand('U0BOB', 'help');
    expect(help.payload).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^\*Usage\*/),
    });
    const bad = await h.slack.socket.sendSlashCommand('U0BOB', 'sandbox vm-1 --force');
    expect(bad.payload).toMatchObject({ text: expect.stringMatching(/I don't know the option "--force"/) });
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
  });

  it('a redelivered command or click acts once', async () => {
    const h = await start();
    const ack = await h.slack.socket.sendSlashCommand('U0BOB', 'sandbox vm-1');
    h.slack.socket.redeliver(ack.envelopeId);
    const card = await waitForCard(h.slack);
    const click = await h.slack.socket.sendBlockActions('U0ALICE', {
      actionId: 'stop_approve',
      messageTs: card.ts,
    });
    h.slack.socket.redeliver(click.envelopeId);
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
    // Past the point a duplicate could appear: the bot stopped, which finishes all work in hand.
    await stopBot();
    const roots = h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request/.test(m.text));
    expect(roots).toHaveLength(1);
    const summaries = h.slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for/.test(m.text));
    expect(summaries).toHaveLength(1);
    expect(h.slack.socket.acks.filter((a) => a.envelopeId === ack.envelopeId)).toHaveLength(2);
  });

  it('closes its socket on stop', async () => {
    const { bot, slack } = await start();
    h = undefined; // closed here, not in afterEach
    await bot.stop();
    await slack.waitFor(() => slack.socket.connectionCount === 0, 3000, 'socket closed');
    await slack.close();
  });

  it('serves /healthz on PORT and no Slack events route over HTTP', async () => {
    const h = await start();
    const health = await request(`${h.url}/healthz`);
    expect(health.statusCode).toBe(200);
    await health.body.text();
    // Slack talks to a Socket Mode bot over the socket only: an HTTP event is not acted on.
    const res = await h.driver.command('U0BOB', 'sandbox vm-1');
    expect(res.status).toBe(404);
    await stopBot();
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
  });
});
