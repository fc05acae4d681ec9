import { createMemoryStore } from '../approvals/memory-store.js';
import { createRedisStore } from '../approvals/redis-store.js';
import type { StateStore } from '../approvals/store.js';
import type { Config } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import { createBullmqRunner } from '../jobs/bullmq-runner.js';
import { createMemoryRunner } from '../jobs/memory-runner.js';
import type { JobRunner } from '../jobs/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';

export interface StateParts {
  store: StateStore;
  jobs: JobRunner;
  mode: 'memory' | 'redis';
}

/** Where the host part of a Redis URL is safe to show: no password. */
function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}

/** Memory without REDIS_URL; Redis store + BullMQ with it. Unreachable Redis stops startup. */
export async function createState(
  config: Config,
  seams: {
    clock: Clock;
    logger: Logger;
    jobTuning?: { lockDurationMs?: number; stalledIntervalMs?: number };
  },
): Promise<StateParts> {
  if (!config.redisUrl) {
    return {
      store: createMemoryStore({ now: seams.clock.now }),
      jobs: createMemoryRunner({ logger: seams.logger, attempts: 5, backoffMs: 1000 }),
      mode: 'memory',
    };
  }
  const store = createRedisStore({
    redis: config.redisUrl,
    prefix: config.redis.prefix,
    ttlMs: config.audit.retention,
    logger: seams.logger,
    connectWaitMs: 3000,
  });
  if (!(await store.ping())) {
    await store.close();
    throw new ConfigError(
      'REDIS_URL',
      `Redis at ${redisTarget(config.redisUrl)} is not reachable; start it or fix REDIS_URL`,
    );
  }
  const jobs = createBullmqRunner({
    connection: config.redisUrl,
    prefix: config.redis.prefix,
    attempts: 5,
    backoffMs: 1000,
    logger: seams.logger,
    lockDurationMs: config.jobs.lockDuration,
    stalledIntervalMs: config.jobs.stalledInterval,
    ...seams.jobTuning,
  });
  return { store, jobs, mode: 'redis' };
}
