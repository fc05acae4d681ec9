import { parsePromText } from '../test/helpers/prom-text.js';
import { type BotProcess, startBotProcess } from './lib/bot-process.js';
import { startCloud } from './lib/clouds.js';
import { isMain, runAlone } from './lib/main.js';
import { options } from './lib/options.js';
import { benchPrefix, cleanRedis } from './lib/redis.js';
import type { PartResult } from './lib/report.js';
import { mb, ratio, sec } from './lib/stats.js';
import { botConfig, botEnv, driveStop, type FlowResult, startLimitedSlack } from './lib/stop-flow.js';

/**
 * Part 4: the big Huawei stop with one replica, then with two replicas that
 * share Redis, one fake Slack and one fake ECS. The command goes to replica A,
 * the approval click to replica B; the job queue decides who does what.
 */

type Calls = Record<string, number>;

async function providerCalls(bot: BotProcess): Promise<Calls> {
  const out: Calls = {};
  for (const s of parsePromText(await bot.metrics())) {
    if (s.name !== 'stopbot_provider_calls_total' || s.labels['provider'] !== 'huawei') continue;
    const op = s.labels['operation'] ?? '?';
    out[op] = (out[op] ?? 0) + s.value;
  }
  return out;
}

interface ScaleRun {
  flow: FlowResult;
  perReplica: Calls[];
}

async function run(replicas: 1 | 2): Promise<ScaleRun> {
  const o = options.big;
  const rig = await startCloud('huawei', {
    count: options.scale.huawei,
    latencyMs: o.latencyMs,
    stopDelayMs: o.stopDelayMs,
    saeCallsPerMinute: o.saeCallsPerMinute,
    saeBatchSize: o.saeBatchSize,
    saeNamespaces: o.saeNamespaces,
  });
  const slack = await startLimitedSlack();
  const prefix = benchPrefix(`scale${replicas}`);
  const settings = {
    pollInterval: o.pollInterval,
    progressEvery: o.progressEvery,
    redisUrl: options.redisUrl,
    prefix,
  };
  const bots: BotProcess[] = [];
  try {
    for (let i = 0; i < replicas; i++) {
      bots.push(
        await startBotProcess({
          config: botConfig([rig], settings),
          env: botEnv([rig], slack, options.redisUrl),
        }),
      );
    }
    const [a, b] = bots;
    if (!a) throw new Error('no replica');
    const flow = await driveStop(a, slack, rig, 600_000, b ?? a);
    const perReplica = await Promise.all(bots.map(providerCalls));
    return { flow, perReplica };
  } finally {
    for (const bot of bots) await bot.stop();
    await slack.close();
    await rig.close();
    await cleanRedis(options.redisUrl, prefix);
  }
}

const fmt = (c: Calls) =>
  Object.entries(c)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
const total = (c: Calls) => Object.values(c).reduce((a, b) => a + b, 0);

export async function runScaleOut(): Promise<PartResult> {
  const one = await run(1);
  const two = await run(2);
  const rows = [
    [
      '1 replica',
      sec(one.flow.stopMs),
      'A',
      total(one.perReplica[0] ?? {}),
      fmt(one.perReplica[0] ?? {}),
      one.flow.slack429,
    ],
    ...two.perReplica.map((c, i) => [
      i === 0 ? '2 replicas' : '',
      i === 0 ? sec(two.flow.stopMs) : '',
      i === 0 ? 'A (got the command)' : 'B (got the approval)',
      total(c),
      fmt(c),
      i === 0 ? two.flow.slack429 : '',
    ]),
  ];
  const shares = two.perReplica.map(total);
  const busiest =
    Math.max(...shares) /
    Math.max(
      1,
      shares.reduce((a, b) => a + b, 0),
    );
  const slower = two.flow.stopMs / one.flow.stopMs;
  return {
    id: 'scale-out',
    title: '4. Scale-out: two replicas',
    command: 'npx tsx bench/scale-out.ts',
    setup: [
      `one request for ${options.scale.huawei} Huawei servers, as in part 2, first with one replica, then with two sharing Redis (BullMQ jobs), one fake Slack (rate limits on) and one fake ECS`,
      'provider calls per replica come from each replica’s own /metrics (stopbot_provider_calls_total)',
    ],
    tables: [
      {
        title: 'Who did the work',
        columns: [
          'setup',
          'approval → summary',
          'replica',
          'provider calls after startup',
          'by API',
          'Slack 429s',
        ],
        rows,
      },
    ],
    targets: [
      {
        target: 'work shared between replicas',
        measured: `${shares.join(' + ')} calls; busiest replica ${(busiest * 100).toFixed(0)}%`,
        goal: 'both replicas call the provider',
        pass: shares.length === 2 && shares.every((n) => n > 0),
      },
      {
        target: 'time with two replicas vs one',
        measured: `${sec(two.flow.stopMs)} vs ${sec(one.flow.stopMs)} = ${ratio(slower)}`,
        goal: 'not worse (≤ 1.1×, noise)',
        pass: slower <= 1.1 && two.flow.allStopped && one.flow.allStopped,
      },
      {
        target: 'every server stopped once',
        measured: `${two.flow.stopCalls} BatchStopServers calls, ${two.flow.allStopped ? 'all stopped' : two.flow.summary}`,
        goal: `= ${Math.ceil(options.scale.huawei / 1000)}`,
        pass: two.flow.stopCalls === Math.ceil(options.scale.huawei / 1000) && two.flow.allStopped,
      },
    ],
    notes: [`peak RSS: one replica ${mb(one.flow.peakRss)}, replica A of two ${mb(two.flow.peakRss)}`],
  };
}

if (isMain(import.meta.url)) runAlone(runScaleOut);
