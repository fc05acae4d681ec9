import { huaweiFixtureFactory } from '../test/contracts/fixtures/huawei.js';
import { zenlayerFixtureFactory } from '../test/contracts/fixtures/zenlayer.js';
import type { FixtureMachine, ProviderFixtureFactory } from '../test/contracts/provider-fixture.js';
import { isMain, runAlone } from './lib/main.js';
import { QUICK } from './lib/options.js';
import type { PartResult, TargetCheck } from './lib/report.js';

/**
 * Part 6: the pre-flight of a tag selection (`--tag team=payments`) on a cloud
 * that filters by tag server-side. The account holds many more machines than
 * match; the listing calls must be those the matches need, ⌈matches / page
 * size⌉ (plus the one empty page that marker paging reads to know it is at
 * the end when the last page is full), never a listing of the whole account.
 */

const FLEET = QUICK ? 2000 : 5000;
const MATCHES = 1000;
const CAP = 100_000;

async function measure(
  factory: ProviderFixtureFactory,
): Promise<{ calls: number; found: number; ms: number }> {
  const machines: FixtureMachine[] = Array.from({ length: FLEET }, (_, i) => ({
    id: factory.makeId(i),
    name: `m-${i}`,
    state: 'running',
    group: factory.makeGroup?.(i),
    // Every fifth machine matches, spread across the whole account.
    tags: i % Math.floor(FLEET / MATCHES) === 0 ? { team: 'payments' } : { team: 'search' },
  }));
  const fx = await factory.create(machines, { stopDelayMs: 0 });
  try {
    const before = fx.totalCalls();
    const started = performance.now();
    const res = await fx.provider.findByTags([{ key: 'team', value: 'payments' }], CAP);
    return { calls: fx.totalCalls() - before, found: res.total, ms: performance.now() - started };
  } finally {
    await fx.close();
  }
}

export async function runTagSelect(): Promise<PartResult> {
  const rows: string[][] = [];
  const targets: TargetCheck[] = [];
  for (const factory of [huaweiFixtureFactory, zenlayerFixtureFactory]) {
    const m = await measure(factory);
    const pages = Math.ceil(MATCHES / factory.listPageSize);
    // A full last page needs one more (empty) page to show it was the last.
    const bound = MATCHES % factory.listPageSize === 0 ? pages + 1 : pages;
    const wholeListing = Math.ceil(FLEET / factory.listPageSize);
    rows.push([
      factory.name,
      String(FLEET),
      String(m.found),
      String(factory.listPageSize),
      String(m.calls),
      String(wholeListing),
      `${Math.round(m.ms)} ms`,
    ]);
    targets.push({
      target: `${factory.name}: listing calls for ${MATCHES} tag matches among ${FLEET} machines`,
      measured: `${m.calls} calls, ${m.found} found`,
      goal: `≤ ${bound} (⌈${MATCHES}/${factory.listPageSize}⌉${bound > pages ? ' + the empty last page' : ''}), all ${MATCHES} found`,
      pass: m.calls <= bound && m.found === MATCHES,
    });
  }
  return {
    id: 'tag-select',
    title: '6. Tag selection pre-flight (server-side filters)',
    command: 'npx tsx bench/tag-select.ts',
    setup: [
      `fake Huawei ECS and fake Zenlayer (each checks every signature) holding ${FLEET} machines, ${MATCHES} of them tagged team=payments, spread across the account`,
      'the provider is asked for `team=payments` as the bot does for `--tag team=payments`; calls counted by the fake',
    ],
    tables: [
      {
        title: 'Tag selection',
        columns: [
          'cloud',
          'machines',
          'matched',
          'page size',
          'listing calls',
          'a whole listing would be',
          'time',
        ],
        rows,
      },
    ],
    targets,
    notes: [
      'SAE filters by tag server-side too but pages 100 at a time under a 60 calls/minute account limit; AWS filters server-side (tag:<key>) and is covered against moto in the tests. The sandbox filters in memory.',
    ],
  };
}

if (isMain(import.meta.url)) runAlone(runTagSelect);
