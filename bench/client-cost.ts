import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import * as ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import { systemClock } from '../src/lib/clock.js';
import { createHttpSend } from '../src/providers/http.js';
import { createHuaweiClient } from '../src/providers/huawei/client.js';
import { useBaselineWasmCompiler } from '../src/runtime/wasm-baseline.js';
import type { EcsChildStart } from './lib/ecs-child.js';
import { isMain, runAlone } from './lib/main.js';
import { options } from './lib/options.js';
import type { PartResult, TargetCheck } from './lib/report.js';
import { ratio } from './lib/stats.js';

/**
 * Part 3: what one signed ECS call costs the bot's process, our client
 * (own signer on undici) against the official SDK (axios), on the same fake
 * ECS with no added latency, run in another process so that only client-side
 * CPU is counted here. Keys are fake and point only at the fake: the SDK
 * writes request headers to its logs on errors.
 */

const AK = 'HWCOSTAK000000000001';
const SK = 'hwCostSecretKey000000000000000000000000000';
const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const serverIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
const SIZES = [1, 1000] as const;

interface Client {
  batchStop(): Promise<string>;
  showJob(jobId: string): Promise<unknown>;
  close(): Promise<void>;
}

function ours(url: string, ids: string[]): Client {
  const send = createHttpSend({ timeoutMs: 15_000 });
  const client = createHuaweiClient({
    endpoint: url,
    projectId: PROJECT,
    credentials: { ak: AK, sk: SK },
    send,
    clock: systemClock,
    now: () => new Date(),
  });
  return {
    batchStop: async () => (await client.batchStop(ids, 'SOFT')).jobId,
    showJob: (jobId) => client.showJob(jobId),
    close: () => send.close(),
  };
}

function sdk(url: string, ids: string[]): Client {
  const client = ecs.EcsClient.newBuilder()
    .withCredential(new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT))
    .withEndpoint(url)
    .withOptions({ customUserAgent: 'stopbot-bench', axiosRequestConfig: { timeout: 15_000 } })
    .build();
  const body = new ecs.BatchStopServersRequestBody().withOsStop(
    new ecs.BatchStopServersOption()
      .withType('SOFT')
      .withServers(ids.map((id) => new ecs.ServerId().withId(id))),
  );
  return {
    async batchStop() {
      const res = (await client.batchStopServers(
        new ecs.BatchStopServersRequest().withBody(body),
      )) as unknown as {
        job_id?: string;
      };
      // The SDK returns the parsed JSON, not model instances: read job_id, not jobId.
      if (!res.job_id) throw new Error('SDK: no job_id in the answer');
      return res.job_id;
    },
    showJob: (jobId) => client.showJob(new ecs.ShowJobRequest().withJobId(jobId)),
    close: async () => undefined,
  };
}

interface Measure {
  rps: number;
  cpuUsPerCall: number;
}

async function measure(calls: number, concurrency: number, fn: () => Promise<unknown>): Promise<Measure> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await fn();
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { rps: calls / (wall / 1000), cpuUsPerCall: (cpu.user + cpu.system) / calls };
}

async function startEcs(): Promise<{ url: string; stop(): void }> {
  const child = fork(fileURLToPath(new URL('./lib/ecs-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { type: string; url?: string; message?: string }) =>
      m.type === 'ready' && m.url ? resolve(m.url) : reject(new Error(m.message ?? 'fake ECS failed')),
    );
    child.once('exit', (code) => reject(new Error(`fake ECS exited (${code})`)));
    const start: EcsChildStart = { type: 'start', ak: AK, sk: SK, projectId: PROJECT, servers: 1000 };
    child.send(start);
  });
  return { url, stop: () => child.send({ type: 'stop' }) };
}

type Op = 'BatchStopServers' | 'ShowJob';
type Name = 'ours' | 'sdk';
const LABELS: Record<Name, string> = {
  ours: 'stopbot client (own signer, undici)',
  sdk: 'official SDK (core + ecs, axios)',
};

/** Rounds alternate between the clients so both meet the same machine noise; best throughput, median CPU. */
async function compare(url: string, size: number, calls: number, rounds: number, concurrency: number) {
  const ids = serverIds(size);
  const clients: Record<Name, Client> = { ours: ours(url, ids), sdk: sdk(url, ids) };
  const jobs: Record<Name, string> = {
    ours: await clients.ours.batchStop(),
    sdk: await clients.sdk.batchStop(),
  };
  const ops: Record<Op, (n: Name) => () => Promise<unknown>> = {
    BatchStopServers: (n) => () => clients[n].batchStop(),
    ShowJob: (n) => () => clients[n].showJob(jobs[n]),
  };
  const seen: Record<string, Measure[]> = {};
  for (const op of Object.keys(ops) as Op[]) {
    for (const n of ['ours', 'sdk'] as Name[]) await measure(Math.min(calls, 200), concurrency, ops[op](n));
    for (let r = 0; r < rounds; r++) {
      const order: Name[] = r % 2 === 0 ? ['ours', 'sdk'] : ['sdk', 'ours'];
      for (const n of order) {
        const key = `${op}|${n}`;
        const list = seen[key] ?? [];
        list.push(await measure(calls, concurrency, ops[op](n)));
        seen[key] = list;
      }
    }
  }
  for (const c of Object.values(clients)) await c.close();
  const pick = (op: Op, n: Name): Measure => {
    const list = seen[`${op}|${n}`] ?? [];
    const cpu = list.map((m) => m.cpuUsPerCall).sort((a, b) => a - b);
    return {
      rps: Math.max(...list.map((m) => m.rps)),
      cpuUsPerCall: cpu[Math.floor(cpu.length / 2)] ?? Number.NaN,
    };
  };
  return (op: Op, n: Name) => pick(op, n);
}

export async function runClientCost(): Promise<PartResult> {
  // Our client runs here as it runs in the bot: undici's parser on V8's baseline WebAssembly compiler.
  useBaselineWasmCompiler();
  const { calls, rounds, bigCalls, concurrency } = options.client;
  const fake = await startEcs();
  const rows = [];
  const targets: TargetCheck[] = [];
  try {
    for (const size of SIZES) {
      const small = size === 1;
      const get = await compare(fake.url, size, small ? calls : bigCalls, small ? rounds : 2, concurrency);
      for (const op of ['BatchStopServers', 'ShowJob'] as const) {
        const o = get(op, 'ours');
        const s = get(op, 'sdk');
        for (const [n, m] of [
          ['ours', o],
          ['sdk', s],
        ] as const) {
          rows.push([
            op,
            size,
            LABELS[n],
            `${m.rps.toFixed(0)}/s`,
            `${(m.cpuUsPerCall / 1000).toFixed(3)} ms`,
            `${(1e6 / m.cpuUsPerCall).toFixed(0)}/s`,
          ]);
        }
        const capacity = (m: Measure) => 1e6 / m.cpuUsPerCall;
        if (small) {
          targets.push({
            target: `${op} throughput per client CPU-second, ours vs SDK`,
            measured: `${capacity(o).toFixed(0)} vs ${capacity(s).toFixed(0)}/s = ${ratio(capacity(o) / capacity(s))} (wall clock: ${o.rps.toFixed(0)} vs ${s.rps.toFixed(0)}/s)`,
            goal: '≥ 2×',
            pass: capacity(o) >= 2 * capacity(s),
          });
        }
      }
    }
  } finally {
    fake.stop();
  }
  return {
    id: 'client-cost',
    title: '3. Provider client cost (Huawei ECS)',
    command: 'npx tsx bench/client-cost.ts',
    setup: [
      `fake ECS (checks every signature) in its own process, no added latency; the clients run in the measuring process, ${concurrency} calls in flight`,
      `one server per call (the per-request cost of signing, HTTP and parsing): ${rounds} rounds of ${calls} calls per client and operation, alternating, after a warm-up; best throughput, median CPU`,
      `1,000 servers per call (the bot's real batch; a ShowJob answer is ~300 kB): 2 rounds of ${bigCalls} calls; here the fake, not the client, limits throughput, so compare CPU`,
      'SDK: @huaweicloud/huaweicloud-sdk-core 3.1.211 + -ecs 3.1.172 (+ uuid), with customUserAgent, a 15 s timeout and projectId',
      'CPU = user + system time of the calling process per call; capacity = calls per CPU-second of the client = the throughput one core can drive. The target is judged on capacity: wall-clock requests/s share two cores with the fake (and any neighbour), so they cap both clients alike',
    ],
    tables: [
      {
        title: 'Client cost',
        columns: ['operation', 'servers', 'client', 'requests/s', 'CPU per call', 'capacity'],
        rows,
      },
    ],
    targets,
    notes: [],
  };
}

if (isMain(import.meta.url)) runAlone(runClientCost);
