import { type FakeSlack, startFakeSlack } from '../../test/fakes/slack/fake-slack.js';
import { waitForCard, waitForReply } from '../../test/helpers/cards.js';
import { createSlackDriver } from '../../test/helpers/slack-driver.js';
import { type BotProcess, startBotProcess } from './bot-process.js';
import type { CloudRig } from './clouds.js';

/**
 * One stop request end to end against real processes: /stop with every
 * target, wait for the card (pre-flight), Approve, wait for the final
 * summary. Counts provider calls by phase, Slack calls, 429s and memory.
 */

export const BOT_TOKEN = 'xoxb-0000-bench-bot-token';
export const SIGNING_SECRET = 'bench-signing-secret-5e6f7a8b9c0d';

export interface FlowSettings {
  pollInterval: string;
  progressEvery: string;
  redisUrl: string;
  prefix: string;
}

export interface FlowResult {
  targets: number;
  preflightMs: number;
  preflightCalls: Record<string, number>;
  /** Approval click → final summary posted. */
  stopMs: number;
  /** Wall-clock times (ms) of the approval click and of the summary, for timelines. */
  approvedAt: number;
  summaryAt: number;
  stopCalls: number;
  trackingCalls: number;
  callsAfterApproval: Record<string, number>;
  summary: string;
  allStopped: boolean;
  slackCalls: Record<string, number>;
  slack429: number;
  peakRss: number;
  /** The bot's warnings and errors, if any. */
  warnings: string[];
}

const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export function botConfig(rigs: readonly CloudRig[], s: FlowSettings): Record<string, unknown> {
  return {
    incidentChannel: 'C0INCIDENT',
    approvals: { approvers: ['U0ALICE'], expiresIn: '15m' },
    providers: Object.fromEntries(rigs.map((r) => [r.name, r.config])),
    tracking: { pollInterval: s.pollInterval, timeout: '15m' },
    slack: { progressEvery: s.progressEvery },
    limits: { maxTargets: 5000 },
    redis: { prefix: s.prefix },
    log: { level: 'warn' },
  };
}

export function botEnv(rigs: readonly CloudRig[], slack: FakeSlack, redisUrl: string) {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    REDIS_URL: redisUrl,
    ...Object.assign({}, ...rigs.map((r) => r.env)),
  };
}

/** A fake Slack that enforces Slack's documented rate limits. */
export const startLimitedSlack = () =>
  startFakeSlack({ botToken: BOT_TOKEN, rateLimits: true, recordArgs: false });

/** BENCH_TRACE=1: the bot's resident memory and heap every 100 ms, printed with the flow's milestones. */
function startTrace(bot: BotProcess) {
  const on = process.env['BENCH_TRACE'] === '1';
  const t0 = Date.now();
  const points: string[] = [];
  const timer = on
    ? setInterval(() => {
        const at = Date.now() - t0;
        bot.memory().then(
          (m) => points.push(`${at}:${Math.round(m.rss / 1048576)}/${Math.round(m.heapUsed / 1048576)}`),
          () => undefined,
        );
      }, 100)
    : undefined;
  return {
    mark: (what: string) => on && points.push(`[${what} @${Date.now() - t0}]`),
    stop: () => {
      if (!timer) return;
      clearInterval(timer);
      process.stderr.write(`rss/heap MB by ms: ${points.join(' ')}\n`);
    },
  };
}

/** Drives one request through `bot` (already started against `slack` and `rig`). */
export async function driveStop(
  bot: BotProcess,
  slack: FakeSlack,
  rig: CloudRig,
  timeoutMs: number,
  /** Where the approval click goes (another replica); default `bot`. */
  approveVia: BotProcess = bot,
): Promise<FlowResult> {
  const driver = createSlackDriver({ botUrl: bot.url, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  const approver = createSlackDriver({
    botUrl: approveVia.url,
    signingSecret: SIGNING_SECRET,
    fakeSlack: slack,
  });
  const trace = startTrace(bot);
  const slackBefore = { ...slack.counts };
  const calls0 = rig.calls();
  const sent = Date.now();
  const res = await driver.command('U0BOB', `${rig.name} ${rig.refs.join(' ')} --reason benchmark`);
  if (res.status !== 200) throw new Error(`command answered HTTP ${res.status}`);
  const card = await waitForCard(slack).catch((err: unknown) => {
    throw new Error(`${String(err)}; bot said: ${bot.logLines().slice(-5).join(' | ')}`);
  });
  const preflightMs = Date.now() - sent;
  trace.mark('card');
  const calls1 = rig.calls();
  const approved = Date.now();
  const click = await approver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  if (click.status !== 200) throw new Error(`approval answered HTTP ${click.status}`);
  const summary = await waitForReply(slack, card, /^Summary for SR-/, timeoutMs);
  const stopMs = Date.now() - approved;
  trace.mark('summary');
  const calls2 = rig.calls();
  // Let the closing notices (card, incident channel) go out before counting Slack calls.
  await slack.waitFor(
    () => slack.channelMessages('C0INCIDENT').some((m) => / finished/.test(m.text)),
    30_000,
    'the incident notice of the end',
  );
  await new Promise((r) => setTimeout(r, 500));
  const after = diff(calls2, calls1);
  const stopCalls = rig.stopOps.reduce((n, op) => n + (after[op] ?? 0), 0);
  const memory = await bot.memory();
  trace.stop();
  const n = rig.refs.length;
  return {
    targets: n,
    preflightMs,
    preflightCalls: diff(calls1, calls0),
    stopMs,
    approvedAt: approved,
    summaryAt: approved + stopMs,
    stopCalls,
    trackingCalls: sum(after) - stopCalls,
    callsAfterApproval: after,
    summary: summary.text,
    allStopped: summary.text.includes(`${n}/${n} stopped`),
    slackCalls: diff({ ...slack.counts }, slackBefore),
    slack429: sum(slack.rateLimited),
    peakRss: memory.peakRss,
    warnings: bot.logLines(),
  };
}

/** Fresh fake Slack + bot process for one rig, one request, then everything closed. */
export async function runOneStop(
  rig: CloudRig,
  s: FlowSettings,
  timeoutMs: number,
  /** NODE_OPTIONS for the bot; default the Dockerfile's. */
  nodeOptions?: readonly string[],
): Promise<FlowResult> {
  const slack = await startLimitedSlack();
  let bot: BotProcess | undefined;
  try {
    bot = await startBotProcess({
      config: botConfig([rig], s),
      env: botEnv([rig], slack, s.redisUrl),
      nodeOptions,
    });
    return await driveStop(bot, slack, rig, timeoutMs);
  } finally {
    await bot?.stop();
    await slack.close();
  }
}
