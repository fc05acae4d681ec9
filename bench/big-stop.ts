import { stopBound } from './lib/bounds.js';
import { type CloudName, startCloud } from './lib/clouds.js';
import { deployedNodeOptions } from './lib/deployed-options.js';
import { isMain, runAlone } from './lib/main.js';
import { options } from './lib/options.js';
import { benchPrefix, cleanRedis } from './lib/redis.js';
import type { PartResult, TargetCheck } from './lib/report.js';
import { mb, ratio, sec } from './lib/stats.js';
import { type FlowResult, runOneStop } from './lib/stop-flow.js';

/**
 * Part 2: one big request per cloud (and a small one, to see what grows with
 * the number of targets), each against its wire-level fake with a fixed
 * latency per call and a stop delay, through a Slack fake that enforces
 * Slack's documented rate limits, with the bot in its own process (Redis mode).
 */

/** Calls the bot keeps in flight per provider (Huawei READ_CONCURRENCY, Zenlayer DESCRIBE_CONCURRENCY, SAE_CONCURRENCY). */
export const CONCURRENCY = 4;

interface Run {
  cloud: CloudName;
  label: string;
  flow: FlowResult;
}

const fmtCalls = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';
const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

async function scenario(cloud: CloudName, n: number, nodeOptions?: readonly string[]): Promise<Run> {
  const o = options.big;
  const rig = await startCloud(cloud, {
    count: n,
    latencyMs: o.latencyMs,
    stopDelayMs: o.stopDelayMs,
    saeCallsPerMinute: o.saeCallsPerMinute,
    saeBatchSize: o.saeBatchSize,
    saeNamespaces: o.saeNamespaces,
  });
  const prefix = benchPrefix(`big-${cloud}`);
  try {
    const flow = await runOneStop(
      rig,
      { pollInterval: o.pollInterval, progressEvery: o.progressEvery, redisUrl: options.redisUrl, prefix },
      600_000,
      nodeOptions,
    );
    return { cloud, label: rig.label, flow };
  } finally {
    await rig.close();
    await cleanRedis(options.redisUrl, prefix);
  }
}

const boundFor = (cloud: CloudName, n: number) =>
  stopBound({
    cloud,
    n,
    latencyMs: options.big.latencyMs,
    stopDelayMs: options.big.stopDelayMs,
    concurrency: CONCURRENCY,
    sae: {
      namespaces: options.big.saeNamespaces,
      batchSize: options.big.saeBatchSize,
      callsPerMinute: options.big.saeCallsPerMinute,
    },
  });

/** Progress edits are paced by time: a longer stop may edit once more per progressEvery. */
function slackAllowance(big: Run, small: Run, progressEveryMs: number): number {
  return (
    total(small.flow.slackCalls) +
    Math.ceil(Math.max(0, big.flow.stopMs - small.flow.stopMs) / progressEveryMs) +
    1
  );
}

export async function runBigStop(): Promise<PartResult> {
  const o = options.big;
  const sizes: [CloudName, number][] = [
    ['huawei', o.huawei],
    ['zenlayer', o.zenlayer],
    ['alibaba', o.sae],
  ];
  const pairs: { big: Run; small: Run }[] = [];
  for (const [cloud, n] of sizes) {
    // Without a heap cap (the target), as `node dist/main.js` starts with no NODE_OPTIONS.
    const big = await scenario(cloud, n, []);
    const small = await scenario(cloud, o.small, []);
    pairs.push({ big, small });
  }
  // The largest request again, as the Dockerfile starts the bot (its NODE_OPTIONS).
  const dockerOptions = deployedNodeOptions();
  const limited = await scenario('huawei', o.huawei, dockerOptions);
  const progressEveryMs = Number.parseFloat(o.progressEvery) * (o.progressEvery.endsWith('ms') ? 1 : 1000);
  const runs = pairs.flatMap((p) => [p.big, p.small]);
  const targets: TargetCheck[] = [];
  const callsRows = [];
  const timeRows = [];
  const slackRows = [];
  for (const { big, small } of pairs) {
    for (const run of [big, small]) {
      const f = run.flow;
      const b = boundFor(run.cloud, f.targets);
      callsRows.push([
        run.label,
        f.targets,
        f.stopCalls,
        b.minStopCalls,
        f.trackingCalls,
        fmtCalls(f.callsAfterApproval),
        `${total(f.preflightCalls)} (${fmtCalls(f.preflightCalls)})`,
        sec(f.preflightMs),
      ]);
      timeRows.push([
        run.label,
        f.targets,
        sec(f.stopMs),
        sec(b.lowerBoundMs),
        ratio(f.stopMs / b.lowerBoundMs),
        b.formula,
        f.allStopped ? 'all stopped' : f.summary.slice(0, 80),
      ]);
      slackRows.push([
        run.label,
        f.targets,
        total(f.slackCalls),
        fmtCalls(f.slackCalls),
        f.slack429,
        mb(f.peakRss),
      ]);
    }
    const f = big.flow;
    const b = boundFor(big.cloud, f.targets);
    targets.push(
      {
        target: `${big.label}: stop calls`,
        measured: `${f.stopCalls} for ${f.targets}`,
        goal: `= ${b.minStopCalls} (batch limits)`,
        pass:
          f.stopCalls === b.minStopCalls &&
          small.flow.stopCalls === boundFor(small.cloud, small.flow.targets).minStopCalls,
      },
      {
        target: `${big.label}: approval → summary`,
        measured: `${sec(f.stopMs)} = ${ratio(f.stopMs / b.lowerBoundMs)} the bound`,
        goal: '≤ 1.1× lower bound',
        pass: f.stopMs <= 1.1 * b.lowerBoundMs && f.allStopped,
      },
      {
        target: `${big.label}: Slack calls`,
        measured: `${total(f.slackCalls)} for ${f.targets} vs ${total(small.flow.slackCalls)} for ${small.flow.targets}`,
        goal: `≤ ${slackAllowance(big, small, progressEveryMs)} (small run + time-paced edits)`,
        pass: total(f.slackCalls) <= slackAllowance(big, small, progressEveryMs),
      },
    );
  }
  const lb = boundFor('huawei', limited.flow.targets);
  slackRows.push([
    `${limited.label}, Dockerfile: NODE_OPTIONS="${dockerOptions.join(' ')}"`,
    limited.flow.targets,
    total(limited.flow.slackCalls),
    fmtCalls(limited.flow.slackCalls),
    limited.flow.slack429,
    mb(limited.flow.peakRss),
  ]);
  timeRows.push([
    `${limited.label}, Dockerfile: NODE_OPTIONS="${dockerOptions.join(' ')}"`,
    limited.flow.targets,
    sec(limited.flow.stopMs),
    sec(lb.lowerBoundMs),
    ratio(limited.flow.stopMs / lb.lowerBoundMs),
    lb.formula,
    limited.flow.allStopped ? 'all stopped' : limited.flow.summary.slice(0, 80),
  ]);
  const all429 = [...runs, limited].reduce((n, r) => n + r.flow.slack429, 0);
  const peak = Math.max(...runs.map((r) => r.flow.peakRss));
  const hwBig = pairs.find((p) => p.big.cloud === 'huawei')?.big;
  const hwPeak = hwBig?.flow.peakRss ?? Number.NaN;
  const notes: string[] = [];
  notes.push(
    `Memory: the ${o.huawei}-server Huawei stop peaks at ${mb(hwPeak)} without a heap cap (Node's defaults; all HTTP on undici, its WebAssembly parser on V8's baseline compiler, src/runtime/wasm-baseline.ts), and at ${mb(limited.flow.peakRss)} as the Dockerfile starts the bot (NODE_OPTIONS="${dockerOptions.join(' ') || 'none'}"). ` +
      'Without a cap V8 lets garbage pile up (a 32 MB young generation, an old one several times the live size) before a full collection; what is alive during the stop stays at 25–30 MB of heap.',
  );
  const worst = pairs
    .map((p) => p.big)
    .find((r) => r.flow.stopMs > 1.1 * boundFor(r.cloud, r.flow.targets).lowerBoundMs);
  if (worst) {
    notes.push(
      `${worst.label} took longer than 1.1× its bound in this run. Beyond the bound's calls and stop delay a stop pays: the approval click, queueing the stop job and claiming every target (~0.3 s for 5,000), waiting for the next tracking round (pollInterval ${o.pollInterval}, 0.25 s on average), and recording 5,000 outcomes and posting the summary at the end (~0.3 s); on this shared 2-core machine each of these varies by a few hundred ms from run to run.`,
    );
  }
  const warnings = runs.flatMap((r) => r.flow.warnings.map((w) => `${r.label} ${r.flow.targets}: ${w}`));
  notes.push(...warnings.slice(0, 5));
  targets.push(
    { target: 'Slack 429 answers (all runs)', measured: String(all429), goal: '0', pass: all429 === 0 },
    {
      target: `bot peak RSS, ${o.huawei}-server Huawei stop, no heap cap`,
      measured: `${mb(hwPeak)} (Dockerfile settings: ${mb(limited.flow.peakRss)}; largest of all runs: ${mb(peak)})`,
      goal: '≤ 140 MB',
      pass: hwPeak <= 140 * 1048576,
    },
  );
  return {
    id: 'big-stop',
    title: '2. Big stop',
    command: 'npx tsx bench/big-stop.ts',
    setup: [
      `one request each: ${o.huawei} Huawei servers, ${o.zenlayer} Zenlayer instances, ${o.sae} SAE apps (in ${o.saeNamespaces} namespaces), and ${o.small} of each for comparison; targets given by name`,
      `fakes answer every call after ${o.latencyMs} ms and stop a machine ${o.stopDelayMs / 1000} s after its stop call; SAE limit ${o.saeCallsPerMinute} calls/min on the fake and in the bot, batch size ${o.saeBatchSize}`,
      `bot: its own process, compiled as the Dockerfile does and started without NODE_OPTIONS (no heap cap), the last row with the Dockerfile's (${deployedNodeOptions().join(' ') || 'none'}), Redis mode, tracking.pollInterval ${o.pollInterval}, slack.progressEvery ${o.progressEvery}, incident channel set; fake Slack enforces Slack's documented rate limits`,
      `lower bound = latency × (⌈stop calls / ${CONCURRENCY}⌉ + ⌈tracking calls / ${CONCURRENCY}⌉) + stop delay, with the fewest calls the batch limits allow and ${CONCURRENCY} calls in flight per provider (the bot's own limit)`,
    ],
    tables: [
      {
        title: 'Provider calls',
        columns: [
          'cloud',
          'targets',
          'stop calls',
          'minimum',
          'tracking calls',
          'after approval, by API',
          'pre-flight calls',
          'pre-flight time',
        ],
        rows: callsRows,
      },
      {
        title: 'Approval → final summary',
        columns: ['cloud', 'targets', 'measured', 'lower bound', 'ratio', 'bound', 'outcome'],
        rows: timeRows,
      },
      {
        title: 'Slack and memory',
        columns: ['cloud', 'targets', 'Slack calls', 'by method', '429s', 'bot peak RSS'],
        rows: slackRows,
      },
    ],
    targets,
    notes,
  };
}

if (isMain(import.meta.url)) runAlone(runBigStop);
