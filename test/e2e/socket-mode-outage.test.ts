import { afterEach, expect, it } from 'vitest';
import { startFakeSlack } from '../fakes/slack/fake-slack.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { getPath } from '../helpers/bot-probes.js';
import { waitForCard } from '../helpers/cards.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await h?.slack.close();
  h = undefined;
});

const config = () =>
  baseConfig({ providers: { sandbox: { machines: [{ id: 'sbx-1', name: 'vm-1' }], stopDelay: '100ms' } } });

it('Slack down at startup in Socket Mode: the bot starts (health answers) and connects once Slack answers', async () => {
  const slack = await startFakeSlack({ userGroups: {} });
  // Slack's socket endpoint answers 503 to the first tries.
  slack.failNext('apps.connections.open', { status: 503 }, 2);
  h = await startHarness({
    socketMode: true,
    env: { SLACK_SIGNING_SECRET: undefined },
    config: config(),
    fakeSlack: slack,
  });
  // Started anyway: health answers while the socket is not open yet.
  expect((await getPath(h.url, '/healthz')).status).toBe(200);
  await slack.socket.waitForConnection(20_000);
  expect(slack.counts['apps.connections.open']).toBe(3);
  const ack = await slack.socket.sendSlashCommand('U0BOB', 'sandbox vm-1');
  expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
  await waitForCard(slack);
});

it('a bot stopped while it waits to reconnect stops at once and never connects', async () => {
  const slack = await startFakeSlack({ userGroups: {} });
  slack.failNext('apps.connections.open', { status: 503 }, 100);
  h = await startHarness({
    socketMode: true,
    env: { SLACK_SIGNING_SECRET: undefined },
    config: config(),
    fakeSlack: slack,
  });
  await slack.waitFor(() => (slack.counts['apps.connections.open'] ?? 0) >= 2, 10_000, 'a second try');
  const started = Date.now();
  const bot = h;
  h = undefined;
  await bot.close();
  expect(Date.now() - started).toBeLessThan(10_000);
  const tries = slack.counts['apps.connections.open'];
  await new Promise((r) => setTimeout(r, 2_500)); // past the next try's time: none comes
  expect(slack.counts['apps.connections.open']).toBe(tries);
  expect(slack.socket.connectionCount).toBe(0);
  await slack.close();
});
