import { createMemoryStore } from '../approvals/memory-store.js';
import { createRedisStore } from '../approvals/redis-store.js';
import type { StateStore } from '../approvals/store.js';
import type { Config } from '../config/load-config.js';
import { describeRedisTarget } from '../config/redis-env.js';
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

/** Memory without REDIS_URL or REDIS_SENTINELS; Redis store + BullMQ with it. Unreachable Redis stops startup. */
export async function createState(
  config: Config,
  seams: {
    clock: Clock;
    logger: Logger;
    jobTuning?: { lockDurationMs?: number; stalledIntervalMs?: number };
  },
): Promise<StateParts> {
  const target = config.redisTarget;
  if (!target) {
    return {
      store: createMemoryStore({ now: seams.clock.now }),
      jobs: createMemoryRunner({ logger: seams.logger, attempts: 5, backoffMs: 1000 }),
      mode: 'memory',
    };
  }
  const store = createRedisStore({
    redis: target,
    prefix: config.redis.prefix,
    logger: seams.logger,
    connectWaitMs: 3000,
  });
  if (!(await store.ping())) {
    await store.close();
    const field = target.kind === 'sentinel' ? 'REDIS_SENTINELS' : 'REDIS_URL';
    throw new ConfigError(
      field,
      `Redis at ${describeRedisTarget(target)} is not reachable; start it or fix ${field}`,
    );
  }
  const jobs = createBullmqRunner({
    connection: target,
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
