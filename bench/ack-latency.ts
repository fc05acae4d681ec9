import { buildSlashCommand } from '../test/fakes/slack/command-payload.js';
import { startFakeSlack } from '../test/fakes/slack/fake-slack.js';
import { type BotProcess, startBotProcess } from './lib/bot-process.js';
import { createLoader, type LoadResult } from './lib/load.js';
import { isMain, runAlone } from './lib/main.js';
import { options } from './lib/options.js';
import { benchPrefix, cleanRedis } from './lib/redis.js';
import type { PartResult } from './lib/report.js';
import { ms, percentile, ratio } from './lib/stats.js';

/**
 * Part 1: how fast a slash command is acked. The bot (HTTP mode, Redis state,
 * sandbox cloud) and a bare Bolt app that only acks get the same signed load
 * in the same run, in alternating rounds so both see the same machine noise.
 * The bot's slow work after the ack (pre-flight, card, expiry
 * job) runs meanwhile: it is part of the real load. Each bot round ends when
 * all its cards are posted, so its work never spills into a bare Bolt round.
 */

const BOT_TOKEN = 'xoxb-0000-bench-bot-token';
const SIGNING_SECRET = 'bench-signing-secret-5e6f7a8b9c0d';
const MACHINES = Array.from({ length: 10 }, (_, i) => ({ id: `sbx-${i + 1}`, name: `web-${i + 1}` }));

interface Tally {
  latencies: number[];
  failures: number;
  firstFailure?: string;
  wallMs: number;
  cpuMs: number;
}

const add = (t: Tally, r: LoadResult, cpuMs: number) => {
  t.latencies.push(...r.latencies);
  t.failures += r.failures;
  t.firstFailure ??= r.firstFailure;
  t.wallMs += r.wallMs;
  t.cpuMs += cpuMs;
};

export async function runAckLatency(): Promise<PartResult> {
  const { commands, concurrency, warmup, rounds } = options.ack;
  const perRound = Math.ceil(commands / rounds);
  const slack = await startFakeSlack({ recordArgs: false, botToken: BOT_TOKEN });
  const prefix = benchPrefix('ack');
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    REDIS_URL: options.redisUrl,
  };
  const config = {
    approvals: { approvers: ['U0ALICE'], expiresIn: '15m' },
    providers: { sandbox: { machines: MACHINES, stopDelay: '1s' } },
    redis: { prefix },
    log: { level: 'warn' },
  };
  let seq = 0;
  /** `refused`: a cloud this bot does not have, answered at the ack with no work after it. */
  const bodies = (n: number, refused = false) =>
    Array.from({ length: n }, () => {
      seq += 1;
      const cloud = refused ? 'huawei' : 'sandbox';
      const text = `${cloud} web-${(seq % 10) + 1} web-${((seq + 3) % 10) + 1} --reason bench ${seq}`;
      // Each command from a channel of its own: Slack allows one post a second per channel, which the
      // bot keeps (its shared Slack budget), so 500 cards in one channel would take 500 s to post.
      const built = buildSlashCommand(slack, `U0BENCH${seq % 40}`, text, { channelId: `C0B${seq}` });
      return new URLSearchParams(built.fields).toString();
    });
  const cards = () =>
    slack.messages.filter((m) => m.threadTs === undefined && /^Stop request SR-/.test(m.text)).length;
  const botAck = (status: number, body: string) => status === 200 && body.includes('Checking');
  const bareAck = (status: number) => status === 200;
  let bot: BotProcess | undefined;
  let bare: BotProcess | undefined;
  const closers: (() => Promise<void>)[] = [];
  try {
    bot = await startBotProcess({ config, env });
    bare = await startBotProcess({ config: {}, env, app: 'bare-bolt' });
    const botLoad = createLoader(bot.url, SIGNING_SECRET, concurrency);
    const bareLoad = createLoader(bare.url, SIGNING_SECRET, concurrency);
    closers.push(botLoad.close, bareLoad.close);
    const botTally: Tally = { latencies: [], failures: 0, wallMs: 0, cpuMs: 0 };
    const bareTally: Tally = { latencies: [], failures: 0, wallMs: 0, cpuMs: 0 };
    const refusedTally: Tally = { latencies: [], failures: 0, wallMs: 0, cpuMs: 0 };
    let drainMs = 0;

    const botRound = async (n: number, tally?: Tally) => {
      const before = cards();
      const cpu0 = (await (bot as BotProcess).memory()).cpuMs;
      const started = Date.now();
      const result = await botLoad.run({ bodies: bodies(n), concurrency, accept: botAck });
      await slack.waitFor(() => cards() >= before + n, 120_000, 'every card of the round');
      drainMs = Math.max(drainMs, Date.now() - started);
      const cpu1 = (await (bot as BotProcess).memory()).cpuMs;
      if (tally) add(tally, result, cpu1 - cpu0);
    };
    const refusedRound = async (n: number, tally?: Tally) => {
      const cpu0 = (await (bot as BotProcess).memory()).cpuMs;
      const accept = (status: number, body: string) => status === 200 && body.includes('not configured');
      const result = await botLoad.run({ bodies: bodies(n, true), concurrency, accept });
      const cpu1 = (await (bot as BotProcess).memory()).cpuMs;
      if (tally) add(tally, result, cpu1 - cpu0);
    };
    const bareRound = async (n: number, tally?: Tally) => {
      const cpu0 = (await (bare as BotProcess).memory()).cpuMs;
      const result = await bareLoad.run({ bodies: bodies(n), concurrency, accept: bareAck });
      const cpu1 = (await (bare as BotProcess).memory()).cpuMs;
      if (tally) add(tally, result, cpu1 - cpu0);
    };

    // Warm both (JIT, connection pools, Redis scripts) before anything counts.
    await bareRound(warmup);
    await botRound(warmup);
    await refusedRound(warmup);
    const order = [
      (n: number) => bareRound(n, bareTally),
      (n: number) => botRound(n, botTally),
      (n: number) => refusedRound(n, refusedTally),
    ];
    for (let r = 0; r < rounds; r++) {
      const n = Math.min(perRound, commands - r * perRound);
      if (n <= 0) break;
      // A different app goes first each round.
      for (let k = 0; k < order.length; k++) await order[(r + k) % order.length]?.(n);
    }
    const memory = await bot.memory();

    const p = (t: Tally) => ({ p50: percentile(t.latencies, 50), p99: percentile(t.latencies, 99) });
    const botP = p(botTally);
    const bareP = p(bareTally);
    const p99Ratio = botP.p99 / bareP.p99;
    const row = (label: string, t: Tally) => [
      label,
      t.latencies.length,
      t.failures,
      ms(percentile(t.latencies, 50)),
      ms(percentile(t.latencies, 90)),
      ms(percentile(t.latencies, 99)),
      ms(Math.max(...t.latencies)),
      `${(t.latencies.length / (t.wallMs / 1000)).toFixed(0)}/s`,
      ms(t.cpuMs / Math.max(1, t.latencies.length + t.failures), 2),
    ];
    const notes = [botTally, bareTally]
      .filter((t) => t.failures > 0)
      .map((t) => `${t === botTally ? 'stopbot' : 'bare Bolt'}: first failure: ${t.firstFailure ?? ''}`);
    if (botP.p99 >= 50) {
      notes.push(
        `The absolute p99 < 50 ms is not met${bareP.p99 >= 50 ? `, and the bare Bolt app misses it too (${ms(bareP.p99)})` : ''}: with ${concurrency} requests always in flight, each one waits for the ones ahead of it, so the 99th percentile is about ${concurrency} × the CPU an ack costs, plus whatever else runs on the 2 cores (the load generator, the fake Slack, Redis, and here neighbours). ` +
          `The bot’s own ack path costs about what Bolt’s does (the refused-command row: ${ms(refusedTally.cpuMs / Math.max(1, refusedTally.latencies.length), 2)} of CPU per ack, p99 ${ms(percentile(refusedTally.latencies, 99))}); what it adds is the work after the ack (resolve, store, schedule, post the card: see CPU per command), which shares the same cores. ` +
          'Meeting 50 ms at this load needs the bot on cores of its own (or a machine without neighbours); the post-ack work already waits in a queue of 4 so that acks go first.',
      );
    }
    return {
      id: 'ack-latency',
      title: '1. Ack latency',
      command: 'npx tsx bench/ack-latency.ts',
      setup: [
        `${commands} signed /stop commands at concurrency ${concurrency} to each app, in ${rounds} alternating rounds, after ${warmup} warm-up commands each; each app in its own process`,
        'stopbot: HTTP mode, REDIS_URL set (Redis store + BullMQ), sandbox cloud, no incident channel: after each ack it resolves the targets, stores the request, schedules its expiry and posts the card; each command comes from a channel of its own (Slack allows one post a second per channel and per incident channel, which the bot keeps: 500 cards or incident notices in one channel would take 500 s)',
        'bare Bolt: @slack/bolt App + HTTPReceiver with the signing secret, `app.command("/stop", ({ack}) => ack())`; the third row sends the bot commands for a cloud it does not have, answered at the ack, to show the ack path alone',
        'latency = from sending the request to reading the whole HTTP answer; CPU = the app process’s user+system time per command, work after the ack included',
      ],
      tables: [
        {
          title: 'HTTP ack response time',
          columns: ['app', 'acks', 'failed', 'p50', 'p90', 'p99', 'max', 'throughput', 'CPU per command'],
          rows: [
            row('stopbot (Redis mode)', botTally),
            row('bare Bolt (ack only)', bareTally),
            row('stopbot, command refused at the ack (no work after it)', refusedTally),
          ],
        },
        {
          title: 'Work after the ack (stopbot)',
          columns: ['cards posted', 'slowest round until its last card', 'bot RSS at the end'],
          rows: [
            [
              botTally.latencies.length,
              `${(drainMs / 1000).toFixed(2)} s`,
              `${(memory.rss / 1048576).toFixed(0)} MB`,
            ],
          ],
        },
      ],
      targets: [
        {
          target: 'ack p99 vs bare Bolt',
          measured: `${ms(botP.p99)} vs ${ms(bareP.p99)} = ${ratio(p99Ratio)}`,
          goal: '≤ 1.1×',
          pass: p99Ratio <= 1.1,
        },
        { target: 'ack p99', measured: ms(botP.p99), goal: '< 50 ms', pass: botP.p99 < 50 },
        {
          target: 'every command acked',
          measured: `${botTally.failures + bareTally.failures} failures`,
          goal: '0',
          pass: botTally.failures + bareTally.failures === 0,
        },
      ],
      notes,
    };
  } finally {
    for (const close of closers) await close();
    await bot?.stop();
    await bare?.stop();
    await slack.close();
    await cleanRedis(options.redisUrl, prefix);
  }
}

if (isMain(import.meta.url)) runAlone(runAckLatency);
