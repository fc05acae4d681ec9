import type { FakeSlack } from '../../test/fakes/slack/fake-slack.js';
import type { SlackMessage } from '../../test/fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../../test/fakes/slack/world.js';
import { createSlackDriver, type SlackDriver } from '../../test/helpers/slack-driver.js';
import type { BotProcess } from './bot-process.js';
import type { CloudName } from './clouds.js';
import { SIGNING_SECRET } from './stop-flow.js';

/**
 * Many requests at once in one channel, on several replicas: every command
 * sent together, every card approved within the same second, then each
 * request's summary watched for. Times are taken by polling the fake Slack
 * every 25 ms.
 */

export interface StormRequest {
  cloud: CloudName;
  text: string;
}

export interface StormRequestResult {
  cloud: CloudName;
  card?: SlackMessage;
  approvedAt?: number;
  summaryAt?: number;
  summaryText?: string;
}

export interface StormResult {
  requests: StormRequestResult[];
  /** Command sent → last card posted. */
  cardsMs: number;
  slackCalls: Record<string, number>;
  slack429: number;
  incidentNotices: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isCard = (m: SlackMessage) => /^Stop request SR-/.test(m.text);

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(25);
  }
  return check();
}

export async function driveStorm(
  bots: readonly BotProcess[],
  slack: FakeSlack,
  requests: readonly StormRequest[],
  incidentChannel: string,
  timeoutMs: number,
): Promise<StormResult> {
  const drivers: SlackDriver[] = bots.map((b) =>
    createSlackDriver({ botUrl: b.url, signingSecret: SIGNING_SECRET, fakeSlack: slack }),
  );
  const driverFor = (i: number) => drivers[i % drivers.length] as SlackDriver;
  const countsBefore = { ...slack.counts };
  const limitedBefore = Object.values(slack.rateLimited).reduce((a, b) => a + b, 0);
  const cardsBefore = new Set(
    slack
      .channelMessages(DEFAULT_CHANNEL)
      .filter(isCard)
      .map((m) => m.ts),
  );
  const incidentBefore = slack.channelMessages(incidentChannel).length;
  const sent = Date.now();
  // Each command carries its index in the reason, so its card can be found.
  await Promise.all(requests.map((r, i) => driverFor(i).command('U0BOB', `${r.text} --reason "storm ${i}"`)));
  const newCards = () =>
    slack.channelMessages(DEFAULT_CHANNEL).filter((m) => isCard(m) && !cardsBefore.has(m.ts));
  await until(() => newCards().length >= requests.length, timeoutMs);
  const cardsMs = Date.now() - sent;
  const results: StormRequestResult[] = requests.map((r) => ({ cloud: r.cloud }));
  for (const card of newCards()) {
    const i = Number(
      /storm (\d+)/.exec(JSON.stringify(card.blocks))?.[1] ?? /storm (\d+)/.exec(card.text)?.[1],
    );
    const slot = results[i];
    if (slot) slot.card = card;
  }
  // Every posted card approved within the same second, through alternating replicas.
  await Promise.all(
    results.map(async (r, i) => {
      if (!r.card) return;
      r.approvedAt = Date.now();
      await driverFor(i + 1).click('U0ALICE', { actionId: 'stop_approve', messageTs: r.card.ts });
    }),
  );
  const pending = () => results.filter((r) => r.card && r.summaryAt === undefined);
  await until(() => {
    for (const r of pending()) {
      const card = r.card as SlackMessage;
      const summary = slack.thread(DEFAULT_CHANNEL, card.ts).find((m) => /^Summary for SR-/.test(m.text));
      if (summary) {
        r.summaryAt = Date.now();
        r.summaryText = summary.text;
      }
    }
    return pending().length === 0;
  }, timeoutMs);
  const wanted = incidentBefore + 3 * requests.length;
  await until(() => slack.channelMessages(incidentChannel).length >= wanted, 60_000);
  // Let the closing card edits land before counting calls.
  await sleep(2000);
  const counts = slack.counts;
  const slackCalls = Object.fromEntries(
    Object.entries(counts)
      .map(([k, v]) => [k, v - (countsBefore[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
  return {
    requests: results,
    cardsMs,
    slackCalls,
    slack429: Object.values(slack.rateLimited).reduce((a, b) => a + b, 0) - limitedBefore,
    incidentNotices: slack.channelMessages(incidentChannel).length - incidentBefore,
  };
}
