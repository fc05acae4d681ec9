import type { ModalView } from '@slack/types';
import { modalAsText } from '../src/bot/modal/view.js';
import { loadConfig } from '../src/config/load-config.js';
import { type Logger, silentLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { buildStopbot, type Stopbot } from '../src/runtime/build.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/fake-slack.js';
import type { SlackMessage } from '../test/fakes/slack/types.js';
import { buildBlockSuggestion, buildViewSubmission } from '../test/fakes/slack/view-payload.js';
import { createSlackDriver } from '../test/helpers/slack-driver.js';
import { plainText } from './plain-text.js';
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

type Driver = ReturnType<typeof createSlackDriver>;
type Step = <T>(name: string, check: () => T | undefined | false, what: string) => Promise<T>;

/**
 * Act two: Bob does not remember the grammar. A bare /stop opens the form
 * (shown as text), he types "fla" and picks flaky-1, Alice approves, and the
 * machine's refusal comes back in the provider's own words.
 */
async function formAct(ctx: {
  slack: FakeSlack;
  driver: Driver;
  act: (user: string, did: string) => void;
  step: Step;
  pauseMs: number;
}): Promise<string> {
  const { slack, driver, act, step } = ctx;
  await pause(ctx.pauseMs);
  act(BOB, 'types /stop (nothing after it)');
  await driver.command(BOB, '', { channelId: OPS });
  const modal = await step(
    'the form opens',
    () => [...slack.state.views.values()][0],
    'a modal opened by views.open',
  );
  const shown = modalAsText(modal.view as unknown as ModalView);
  const values = (targets: string[]) => ({
    provider: { stop_provider: { type: 'static_select', selected_option: { value: 'sandbox' } } },
    targets: {
      stop_targets: { type: 'multi_external_select', selected_options: targets.map((value) => ({ value })) },
    },
    tags: { stop_tags: { type: 'plain_text_input', value: null } },
    reason: { stop_reason: { type: 'plain_text_input', value: 'flapping health checks' } },
  });
  const typed = await driver.interact(
    buildBlockSuggestion(slack, BOB, modal.id, 'stop_targets', 'fla', values([])),
  );
  const offered = ((typed.body as { options?: { text: { text: string } }[] }).options ?? []).map(
    (o) => o.text.text,
  );
  if (!offered.some((o) => o.startsWith('flaky-1')))
    throw new DemoStepError('type-ahead', `offered: ${offered.join(', ')}`);
  await pause(ctx.pauseMs);
  act(BOB, 'picks flaky-1 and clicks [ Request stop ]');
  const submitted = await driver.interact(buildViewSubmission(slack, BOB, modal.id, values(['vm-5'])));
  if (submitted.status !== 200 || submitted.body !== '') {
    throw new DemoStepError('the form is submitted', `the bot answered ${JSON.stringify(submitted.body)}`);
  }
  const card = await step(
    'the second card',
    () => slack.channelMessages(OPS).filter((m) => /^Stop request SR-/.test(m.text))[1],
    'a second request card in #ops',
  );
  await pause(ctx.pauseMs);
  act(ALICE, 'clicks [ Approve ]');
  await driver.click(ALICE, { actionId: 'stop_approve', messageTs: card.ts, channelId: OPS });
  const failure = await step(
    'the failure with the provider’s reason',
    () =>
      slack
        .thread(OPS, card.ts)
        .find((m) => /failed/.test(m.text) && /refused/.test(JSON.stringify(m.blocks) + m.text)),
    'a failure reply in the thread',
  );
  await step(
    'the summary',
    () => slack.thread(OPS, card.ts).find((m) => /^Summary for SR-/.test(m.text)),
    'a summary in the thread',
  );
  return [
    `── The form (/stop with nothing after it) ──`,
    shown,
    `Typing "fla" in Machines offers: ${offered.join('; ')}`,
    `── After Alice approved it ──`,
    plainText(failure.text, NAMES),
  ].join('\n');
}

/**
 * Act three: a HARD stop. The card's Approve button asks for confirmation
 * first (shown as text); Alice confirms and the machine is powered off.
 */
async function hardAct(ctx: Parameters<typeof formAct>[0]): Promise<string> {
  const { slack, driver, act, step } = ctx;
  await pause(ctx.pauseMs);
  act(BOB, 'types /stop sandbox web-3 --hard --reason "runaway job"');
  await driver.command(BOB, 'sandbox web-3 --hard --reason "runaway job"', { channelId: OPS });
  const card = await step(
    'the HARD card',
    () => slack.channelMessages(OPS).filter((m) => /^Stop request SR-/.test(m.text))[2],
    'a third request card in #ops',
  );
  const button = (card.blocks ?? [])
    .flatMap((b) => ((b as { elements?: unknown[] }).elements ?? []) as Record<string, unknown>[])
    .find((e) => e.action_id === 'stop_approve') as
    | { text?: { text?: string }; confirm?: Record<string, { text?: string }> }
    | undefined;
  const confirm = button?.confirm;
  if (!confirm) throw new DemoStepError('the HARD card', 'its Approve button asks for no confirmation');
  await pause(ctx.pauseMs);
  act(ALICE, `clicks [ ${button?.text?.text} ], then [ ${confirm.confirm?.text} ] in the dialog`);
  await driver.click(ALICE, { actionId: 'stop_approve', messageTs: card.ts, channelId: OPS });
  const summary = await step(
    'the HARD summary',
    () => slack.thread(OPS, card.ts).find((m) => /^Summary for SR-/.test(m.text)),
    'a summary in the HARD card’s thread',
  );
  return [
    `── A HARD stop (/stop sandbox web-3 --hard) ──`,
    `The card's button reads [ ${button?.text?.text} ]; clicking it first asks:`,
    `  ┌ ${confirm.title?.text}`,
    `  │ ${plainText(confirm.text?.text ?? '', NAMES)}`,
    `  └ [ ${confirm.deny?.text} ]  [ ${confirm.confirm?.text} ]`,
    `── After Alice confirmed ──`,
    plainText(summary.text, NAMES),
  ].join('\n');
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
    const form = await formAct({ slack, driver, act, step, pauseMs });
    const hard = await hardAct({ slack, driver, act, step, pauseMs });
    const transcript = renderTranscript({
      messages: slack.messages,
      ephemerals: slack.ephemerals,
      actions,
      channels: [OPS, INCIDENTS],
      names: NAMES,
      botUserId: slack.config.botUserId,
    });
    return { transcript: `${transcript}\n${form}\n${hard}`, requestId, ms: Date.now() - started };
  } finally {
    await bot?.stop();
    await slack.close();
  }
}

function requestCard(slack: FakeSlack): SlackMessage | undefined {
  return slack.channelMessages(OPS).find((m) => !m.threadTs && /^Stop request SR-/.test(m.text));
}
