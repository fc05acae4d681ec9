import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAckLatency } from './ack-latency.js';
import { runBigStop } from './big-stop.js';
import { runClientCost } from './client-cost.js';
import { compiledBot } from './lib/compile.js';
import { describeMachine } from './lib/machine.js';
import { QUICK } from './lib/options.js';
import { markdownPart, markdownTable, type PartResult, printPart, verdict } from './lib/report.js';
import { runScaleOut } from './scale-out.js';
import { runStorm } from './storm.js';
import { runTagSelect } from './tag-select.js';

/**
 * `npm run bench`: every part in turn, printed as it finishes, then
 * BENCHMARKS.md rewritten with the figures, the machine and how to rerun.
 */

const OUT = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const PARTS: (() => Promise<PartResult>)[] = [
  runAckLatency,
  runBigStop,
  runClientCost,
  runScaleOut,
  runStorm,
  runTagSelect,
];

function render(parts: readonly PartResult[], startedAt: Date, seconds: number): string {
  const all = parts.flatMap((p) => p.targets.map((t) => ({ part: p.title, ...t })));
  const failed = all.filter((t) => !t.pass);
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\`${QUICK ? ' (BENCH_QUICK=1: smaller sizes, a smoke run)' : ''} on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; the whole run took ${(seconds / 60).toFixed(1)} min.`,
    '',
    `- Machine: ${describeMachine()}; Redis ${process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'} on the same machine.`,
    '- Reproduce: `npm ci`, a Redis on 127.0.0.1:6379 (or `REDIS_URL`), then `npm run bench` (about 2–3 minutes here; `BENCH_QUICK=1 npm run bench` for a quick smoke run). Each part also runs alone (command in its section). Sizes and settings can be changed through `BENCH_*` variables (bench/lib/options.ts).',
    '- Everything runs against the local fakes (test/fakes): wire-level Slack, Huawei ECS, Zenlayer and SAE servers that check every signature. The bot runs as its own process, compiled and started as the Dockerfile does (`node dist/main.js` with the Dockerfile’s NODE_OPTIONS, if any).',
    '- Ratios matter more than absolute times: the machine is shared and noisy, so each comparison runs its baseline in the same run.',
    '',
    '## Targets',
    '',
    markdownTable({
      title: 'Targets',
      columns: ['part', 'target', 'measured', 'goal', 'result'],
      rows: all.map((t) => [t.part, t.target, t.measured, t.goal, verdict(t.pass)]),
    }),
    '',
    failed.length === 0
      ? 'Every target is met.'
      : `${failed.length} target(s) not met in this run; the notes of each part say why and what would meet it.`,
    '',
    ...parts.flatMap((p) => [markdownPart(p), '']),
  ].join('\n');
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = Date.now();
  process.stdout.write(`stopbot benchmarks on ${describeMachine()}\n`);
  await compiledBot();
  const parts: PartResult[] = [];
  for (const part of PARTS) {
    const result = await part();
    printPart(result);
    parts.push(result);
  }
  const seconds = (Date.now() - t0) / 1000;
  writeFileSync(OUT, render(parts, startedAt, seconds));
  const failed = parts.flatMap((p) => p.targets).filter((t) => !t.pass).length;
  process.stdout.write(
    `\nwrote BENCHMARKS.md in ${seconds.toFixed(0)} s: ${failed === 0 ? 'every target met' : `${failed} target(s) not met`}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
