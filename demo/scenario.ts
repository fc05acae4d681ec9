import { loadConfig } from '../src/config/load-config.js';
import { type Logger, silentLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { buildStopbot, type Stopbot } from '../src/runtime/build.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/fake-slack.js';
import type { SlackMessage } from '../test/fakes/slack/types.js';
import { createSlackDriver } from '../test/helpers/slack-driver.js';
import {
  ALICE,
  BOB,
  COMMAND,
  demoConfigYaml,
  demoEnv,
  fakeSlackOptions,
  INCIDENTS,
  NAMES,
  OPS,
  SIGNING_SECRET,
} from './setup.js';
import { renderTranscript, type UserAction } from './transcript.js';

export interface DemoOptions {
  /** Where the bot's own log lines go (default: nowhere). */
  logger?: Logger;
  /** A person's pause between two steps, so the times read naturally (default 1 s). */
  pauseMs?: number;
  /** How long to wait for each step (default 10 s). */
  stepTimeoutMs?: number;
}

export interface DemoResult {
  transcript: string;
  requestId: string;
  ms: number;
}

/** A step of the scenario that did not happen; the message says which and what was seen instead. */
export class DemoStepError extends Error {
  constructor(step: string, detail: string) {
    super(`step "${step}" did not happen: ${detail}`);
    this.name = 'DemoStepError';
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole story against the real bot: Bob asks to stop three machines (one is
 * already stopped), tries to approve his own request and is refused, Alice
 * approves, the bot stops and tracks the two machines and reports.
 */
export async function runDemoScenario(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const pauseMs = options.pauseMs ?? 1000;
  const timeout = options.stepTimeoutMs ?? 10_000;
  const slack = await startFakeSlack(fakeSlackOptions);
  let bot: Stopbot | undefined;
  try {
    const config = loadConfig(demoEnv(slack.url), { path: 'demo.yml', text: demoConfigYaml() });
    bot = await buildStopbot(config, {
      logger: options.logger ?? silentLogger,
      metrics: createMetrics({ defaultMetrics: false }),
    });
    const { port } = await bot.start();
    const driver = createSlackDriver({
      botUrl: `http://127.0.0.1:${port}`,
      signingSecret: SIGNING_SECRET,
      fakeSlack: slack,
    });
    const actions: UserAction[] = [];
    const act = (user: string, did: string) => actions.push({ at: Date.now(), channel: OPS, user, did });
    const step = <T>(name: string, check: () => T | undefined | false, what: string) =>
      slack.waitFor(check, timeout, what).catch((err: unknown) => {
        throw new DemoStepError(name, err instanceof Error ? err.message : String(err));
      });

    act(BOB, `types /stop ${COMMAND}`);
    const asked = await driver.command(BOB, COMMAND, { channelId: OPS });
    if (asked.status !== 200) throw new DemoStepError('Bob asks', `the bot answered HTTP ${asked.status}`);
    const card = await step('the request card appears', () => requestCard(slack), 'a request card in #ops');
    const requestId = /SR-[0-9A-Z]{10}/.exec(card.text)?.[0] ?? '';
    if (
      !/2 machines/.test(card.text) ||
      !/Already stopped, left out \(1\)/.test(JSON.stringify(card.blocks))
    ) {
      throw new DemoStepError('the request card appears', `unexpected card: ${card.text}`);
    }

    await pause(pauseMs);
    act(BOB, 'clicks [ Approve ]');
    await driver.click(BOB, { actionId: 'stop_approve', messageTs: card.ts, channelId: OPS });
    await step(
      'Bob is refused',
      () => /cannot approve it yourself/.test(slack.lastEphemeral(BOB)?.text ?? ''),
      'a refusal shown to Bob',
    );

    await pause(pauseMs);
    act(ALICE, 'clicks [ Approve ]');
    await driver.click(ALICE, { actionId: 'stop_approve', messageTs: card.ts, channelId: OPS });
    await step(
      'the summary',
      () => slack.thread(OPS, card.ts).find((m) => /^Summary for SR-.*2\/2 stopped/.test(m.text)),
      'a summary "2/2 stopped" in the thread',
    );
    await step(
      'the incident notice',
      () => slack.channelMessages(INCIDENTS).some((m) => /finished: 2\/2 stopped/.test(m.text)),
      'a "finished" notice in #incidents',
    );
    await step(
      'the card shows the outcome',
      () => /done: 2\/2 stopped/.test(JSON.stringify(slack.message(OPS, card.ts)?.blocks)),
      'the card showing "done: 2/2 stopped"',
    );
    const transcript = renderTranscript({
      messages: slack.messages,
      ephemerals: slack.ephemerals,
      actions,
      channels: [OPS, INCIDENTS],
      names: NAMES,
      botUserId: slack.config.botUserId,
    });
    return { transcript, requestId, ms: Date.now() - started };
  } finally {
    await bot?.stop();
    await slack.close();
  }
}

function requestCard(slack: FakeSlack): SlackMessage | undefined {
  return slack.channelMessages(OPS).find((m) => !m.threadTs && /^Stop request SR-/.test(m.text));
}
