import { createMemoryStore } from '../approvals/memory-store.js';
import { createRedisStore } from '../approvals/redis-store.js';
import type { StateStore } from '../approvals/store.js';
import type { Config } from '../config/load-config.js';
import { StateUnavailableError } from '../errors.js';
import { createBullmqRunner } from '../jobs/bullmq-runner.js';
import { createMemoryRunner } from '../jobs/memory-runner.js';
import type { JobRunner } from '../jobs/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import { checkRedis, redisTarget } from './redis-check.js';

export interface StateParts {
  store: StateStore;
  jobs: JobRunner;
  mode: 'memory' | 'redis';
}

/** Memory without REDIS_URL; Redis store + BullMQ with it. Unreachable or refusing Redis stops startup. */
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
  await checkRedis(config.redisUrl);
  const store = createRedisStore({
    redis: config.redisUrl,
    prefix: config.redis.prefix,
    logger: seams.logger,
    connectWaitMs: 3000,
  });
  if (!(await store.ping())) {
    await store.close();
    throw new StateUnavailableError(
      `REDIS_URL: Redis at ${redisTarget(config.redisUrl)} stopped answering during startup; start it or fix REDIS_URL`,
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
