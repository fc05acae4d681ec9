import { type BotProcess, startBotProcess } from './lib/bot-process.js';
import { stopBound } from './lib/bounds.js';
import { type CloudRig, startCloud } from './lib/clouds.js';
import { isMain, runAlone } from './lib/main.js';
import { options } from './lib/options.js';
import { benchPrefix, cleanRedis } from './lib/redis.js';
import type { PartResult } from './lib/report.js';
import { mb, ratio, sec } from './lib/stats.js';
import { botConfig, botEnv, startLimitedSlack } from './lib/stop-flow.js';
import { driveStorm, type StormRequest, type StormResult } from './lib/storm-flow.js';

/**
 * Part 5: an incident storm. N requests of M targets each (Huawei and
 * Zenlayer alternating), all in one channel, approved within the same second,
 * on two replicas sharing Redis, with the fake Slack enforcing Slack's limits.
 * First one request alone on the same replicas: its Slack calls are the
 * per-request baseline.
 */

const INCIDENT = 'C0INCIDENT';
const POST_INTERVAL_MS = 1000;

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const fmt = (r: Record<string, number>) =>
  Object.entries(r)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

function requestsFor(
  rigs: Record<'huawei' | 'zenlayer', CloudRig>,
  count: number,
  size: number,
  skip: number,
) {
  const out: StormRequest[] = [];
  const used = { huawei: skip, zenlayer: 0 };
  for (let i = 0; i < count; i++) {
    const cloud = i % 2 === 0 ? 'huawei' : 'zenlayer';
    const refs = rigs[cloud].refs.slice(used[cloud], used[cloud] + size);
    used[cloud] += size;
    out.push({ cloud, text: `${cloud} ${refs.join(' ')}` });
  }
  return out;
}

export async function runStorm(): Promise<PartResult> {
  const o = options.big;
  const { requests: n, targets: size } = options.storm;
  const rigOptions = (count: number) => ({
    count,
    latencyMs: o.latencyMs,
    stopDelayMs: o.stopDelayMs,
    saeCallsPerMinute: o.saeCallsPerMinute,
    saeBatchSize: o.saeBatchSize,
    saeNamespaces: o.saeNamespaces,
  });
  const huawei = await startCloud('huawei', rigOptions(Math.ceil(n / 2) * size + size));
  const zenlayer = await startCloud('zenlayer', rigOptions(Math.floor(n / 2) * size));
  const slack = await startLimitedSlack();
  const prefix = benchPrefix('storm');
  const settings = {
    pollInterval: o.pollInterval,
    progressEvery: o.progressEvery,
    redisUrl: options.redisUrl,
    prefix,
  };
  const bots: BotProcess[] = [];
  let single: StormResult;
  let storm: StormResult;
  let peak = 0;
  try {
    for (let i = 0; i < 2; i++)
      bots.push(
        await startBotProcess({
          config: botConfig([huawei, zenlayer], settings),
          env: botEnv([huawei, zenlayer], slack, options.redisUrl),
        }),
      );
    const one = [{ cloud: 'huawei' as const, text: `huawei ${huawei.refs.slice(0, size).join(' ')}` }];
    single = await driveStorm(bots, slack, one, INCIDENT, 120_000);
    storm = await driveStorm(
      bots,
      slack,
      requestsFor({ huawei, zenlayer }, n, size, size),
      INCIDENT,
      300_000,
    );
    peak = Math.max(...(await Promise.all(bots.map(async (b) => (await b.memory()).peakRss))));
  } finally {
    for (const bot of bots) await bot.stop();
    await slack.close();
    await huawei.close();
    await zenlayer.close();
    await cleanRedis(options.redisUrl, prefix);
  }

  const bound = (cloud: 'huawei' | 'zenlayer' | 'alibaba') =>
    stopBound({
      cloud,
      n: size,
      latencyMs: o.latencyMs,
      stopDelayMs: o.stopDelayMs,
      concurrency: 4,
      sae: { namespaces: o.saeNamespaces, batchSize: o.saeBatchSize, callsPerMinute: o.saeCallsPerMinute },
    }).lowerBoundMs;
  // The k-th summary posted in the channel cannot come before its own stop's bound plus k posts at 1/s.
  const done = storm.requests
    .filter((r) => r.approvedAt !== undefined && r.summaryAt !== undefined)
    .sort((a, b) => (a.summaryAt ?? 0) - (b.summaryAt ?? 0));
  const ratios = done.map((r, k) => {
    const measured = (r.summaryAt ?? 0) - (r.approvedAt ?? 0);
    const lower = bound(r.cloud) + k * POST_INTERVAL_MS;
    return { r, k, measured, lower, ratio: measured / lower };
  });
  const worst = ratios.reduce<(typeof ratios)[number] | undefined>(
    (a, b) => (a === undefined || b.ratio > a.ratio ? b : a),
    undefined,
  );
  const cards = storm.requests.filter((r) => r.card).length;
  const summaries = done.length;
  const allStopped = done.every((r) => /(\d+)\/\1 stopped/.test(r.summaryText ?? ''));
  const perRequest = sum(storm.slackCalls) / n;
  const singleCalls = sum(single.slackCalls);

  return {
    id: 'storm',
    title: '5. Incident storm',
    command: 'npx tsx bench/storm.ts',
    setup: [
      `${n} requests of ${size} targets each (Huawei ECS and Zenlayer BMC alternating), one channel, incident channel set; commands sent together through two replicas sharing Redis, every card approved within the same second`,
      `fakes answer after ${o.latencyMs} ms and stop a machine ${o.stopDelayMs} ms after its stop call; tracking.pollInterval ${o.pollInterval}, slack.progressEvery ${o.progressEvery}; the fake Slack enforces Slack's documented limits (chat.postMessage 1/s per channel, chat.update 50/min)`,
      `summary bound: the k-th summary posted in the channel (k from 0) ≥ its own stop's lower bound (as in part 2) + k × ${POST_INTERVAL_MS} ms (one post a second in the channel); progress posts are optional and not counted`,
      'baseline: one request of the same size through the same two replicas, just before the storm',
    ],
    tables: [
      {
        title: 'What was posted',
        columns: [
          'run',
          'cards',
          'summaries',
          'incident notices',
          'Slack calls',
          'by method',
          '429s',
          'command → last card',
        ],
        rows: [
          [
            'one request',
            single.requests.filter((r) => r.card).length,
            single.requests.filter((r) => r.summaryAt).length,
            single.incidentNotices,
            sum(single.slackCalls),
            fmt(single.slackCalls),
            single.slack429,
            sec(single.cardsMs),
          ],
          [
            `storm (${n})`,
            cards,
            summaries,
            storm.incidentNotices,
            sum(storm.slackCalls),
            fmt(storm.slackCalls),
            storm.slack429,
            sec(storm.cardsMs),
          ],
        ],
      },
      {
        title: 'Approval → summary, in the order the summaries were posted',
        columns: ['k', 'cloud', 'measured', 'bound', 'ratio'],
        rows: ratios.map((x) => [x.k, x.r.cloud, sec(x.measured), sec(x.lower), ratio(x.ratio)]),
      },
    ],
    targets: [
      {
        target: 'every card, summary and incident notice posted',
        measured: `cards ${cards}/${n}, summaries ${summaries}/${n}, incident notices ${storm.incidentNotices}/${3 * n}${allStopped ? ', all stopped' : ''}`,
        goal: 'all',
        pass: cards === n && summaries === n && storm.incidentNotices === 3 * n && allStopped,
      },
      {
        target: 'Slack 429 answers',
        measured: String(storm.slack429 + single.slack429),
        goal: '0',
        pass: storm.slack429 + single.slack429 === 0,
      },
      {
        target: 'each summary vs its own bound',
        measured: worst
          ? `worst ${ratio(worst.ratio)} (k = ${worst.k}: ${sec(worst.measured)} vs ${sec(worst.lower)})`
          : 'no summary',
        goal: '≤ 1.3×',
        pass: summaries === n && worst !== undefined && worst.ratio <= 1.3,
      },
      {
        target: 'Slack calls per request',
        measured: `${perRequest.toFixed(1)} in the storm vs ${singleCalls} alone`,
        goal: '≤ the single-request run',
        pass: perRequest <= singleCalls,
      },
    ],
    notes: [`bot peak RSS (the larger of the two replicas): ${mb(peak)}`],
  };
}

if (isMain(import.meta.url)) runAlone(runStorm);
