import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import type { SlackMessage } from '../fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import type { Harness } from './bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from './cards.js';

/** One cloud behind the bot, as the Start again end-to-end cases need it. */
export interface UndoWorld {
  h: Harness;
  /** The provider word typed in /stop. */
  provider: string;
  /** How the provider is named on cards ("Huawei Cloud ECS", "huawei-dr"). */
  label: string;
  /** Two running machines: what to type, and their IDs. */
  refs: [string, string];
  ids: [string, string];
  /** Start API calls the cloud received. */
  startCalls(): Promise<number>;
  /** Start requests naming this machine (undefined when the cloud cannot tell). */
  startRequestsFor(id: string): number | undefined;
  /** Whether the cloud has the machine running (undefined when the cloud cannot tell from outside). */
  isRunning(id: string): boolean | undefined;
  /** Start a stopped machine outside the bot (someone at the console), and wait until it runs. */
  startByHand?(id: string): Promise<void>;
  close(): Promise<void>;
}

/** The start request card the bot posted most recently at the channel root. */
export function waitForStartCard(slack: FakeSlack, after = 0): Promise<SlackMessage> {
  return slack.waitFor(
    () =>
      slack
        .channelMessages(DEFAULT_CHANNEL)
        .filter((m) => !m.threadTs && /^Start request SR-/.test(m.text))
        .at(after),
    10_000,
    'a start request card',
  );
}

/** Stop both machines: U0BOB asks, U0ALICE approves; the stop's card, ID and summary. */
export async function stopBoth(w: UndoWorld) {
  const { h } = w;
  await h.driver.command('U0BOB', `${w.provider} ${w.refs.join(',')} --reason "cpu miner found"`);
  const card = await waitForCard(h.slack);
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  const summary = await waitForReply(h.slack, card, /^Summary for SR-/, 20_000);
  return { card, id: requestIdOf(card), summary };
}

/** The card as shown now, as JSON text. */
export const shownBlocks = (slack: FakeSlack, ts: string) =>
  JSON.stringify(slack.message(DEFAULT_CHANNEL, ts)?.blocks ?? []);

export const ephemeralsOf = (slack: FakeSlack, user: string) =>
  slack.ephemerals.filter((e) => e.user === user).map((e) => e.text);

/** Wait until `user` was shown an ephemeral message matching `pattern`. */
export function waitForEphemeral(slack: FakeSlack, user: string, pattern: RegExp) {
  return slack.waitFor(
    () => ephemeralsOf(slack, user).find((t) => pattern.test(t)),
    10_000,
    `an ephemeral to ${user} matching ${pattern}`,
  );
}
