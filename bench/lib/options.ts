/**
 * Benchmark sizes: the sizes by default, smaller with BENCH_QUICK=1
 * (a smoke run), each overridable by its own variable.
 */
const env = process.env;
export const QUICK = env['BENCH_QUICK'] === '1';

function int(name: string, full: number, quick: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return QUICK ? quick : full;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

export const options = {
  redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  ack: {
    commands: int('BENCH_ACK_COMMANDS', 500, 100),
    concurrency: int('BENCH_ACK_CONCURRENCY', 50, 20),
    warmup: int('BENCH_ACK_WARMUP', 100, 20),
    rounds: int('BENCH_ACK_ROUNDS', 5, 2),
  },
  big: {
    huawei: int('BENCH_HUAWEI_SERVERS', 5000, 500),
    zenlayer: int('BENCH_ZENLAYER_INSTANCES', 3000, 300),
    sae: int('BENCH_SAE_APPS', 200, 40),
    small: int('BENCH_SMALL_TARGETS', 50, 20),
    latencyMs: int('BENCH_LATENCY_MS', 50, 50),
    stopDelayMs: int('BENCH_STOP_DELAY_MS', 5000, 2000),
    pollInterval: process.env['BENCH_POLL_INTERVAL'] ?? '500ms',
    progressEvery: process.env['BENCH_PROGRESS_EVERY'] ?? '2s',
    saeCallsPerMinute: int('BENCH_SAE_CALLS_PER_MINUTE', 600, 600),
    saeBatchSize: int('BENCH_SAE_BATCH', 20, 20),
    saeNamespaces: int('BENCH_SAE_NAMESPACES', 4, 4),
  },
  client: {
    /** Calls per round, per client and operation, for the one-server payload. */
    calls: int('BENCH_CLIENT_CALLS', 1000, 300),
    rounds: int('BENCH_CLIENT_ROUNDS', 5, 2),
    /** Calls per round with the bot's real batch (1,000 servers). */
    bigCalls: int('BENCH_CLIENT_BIG_CALLS', 100, 30),
    concurrency: int('BENCH_CLIENT_CONCURRENCY', 16, 16),
  },
  storm: {
    requests: int('BENCH_STORM_REQUESTS', 20, 6),
    targets: int('BENCH_STORM_TARGETS', 250, 50),
  },
  scale: {
    huawei: int('BENCH_SCALE_SERVERS', 5000, 500),
  },
};
