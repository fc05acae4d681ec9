import type { Redis } from 'ioredis';
import { createMemoryStore } from '../approvals/memory-store.js';
import { createRedisClient } from '../approvals/redis-connection.js';
import { createRedisStore } from '../approvals/redis-store.js';
import type { StateStore } from '../approvals/store.js';
import type { Config } from '../config/load-config.js';
import { describeRedisTarget } from '../config/redis-env.js';
import { StateUnavailableError } from '../errors.js';
import { createBullmqRunner } from '../jobs/bullmq-runner.js';
import { createMemoryRunner } from '../jobs/memory-runner.js';
import type { JobRunner } from '../jobs/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { LimiterFactory } from '../providers/types.js';
import { checkRedis, whereField } from './redis-check.js';
import { createRedisLimiterFactory } from './redis-limiter.js';

export interface StateParts {
  store: StateStore;
  jobs: JobRunner;
  mode: 'memory' | 'redis';
  /** Cloud rate limits shared by every replica (Redis only; per process otherwise). */
  limiterFor?: LimiterFactory;
  /** The rate limiters' Redis client (offline queue on), for the Slack budget too; Redis only. */
  limiterRedis?: Redis;
  /** Closes what createState opened beside the store and the runner. */
  closeExtras(): Promise<void>;
}

/** Memory without REDIS_URL or REDIS_SENTINELS; Redis store + BullMQ with it. Unreachable or refusing Redis stops startup. */
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
      closeExtras: async () => {},
    };
  }
  await checkRedis(target);
  const store = createRedisStore({
    redis: target,
    prefix: config.redis.prefix,
    ttlMs: config.audit.retention,
    logger: seams.logger,
    connectWaitMs: 3000,
  });
  if (!(await store.ping())) {
    await store.close();
    const field = whereField(target);
    throw new StateUnavailableError(
      `${field}: Redis at ${describeRedisTarget(target)} stopped answering during startup; start it or fix ${field}`,
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
  // The limiter's own client: a turn waits for Redis (offline queue on), unlike a store call.
  const limiterRedis = createRedisClient(target, { maxRetriesPerRequest: 1, commandTimeout: 5_000 });
  limiterRedis.on('error', (err: Error) =>
    seams.logger.warn({ err: err.message }, 'rate limiter connection error'),
  );
  const limiterFor = createRedisLimiterFactory({
    redis: limiterRedis,
    prefix: config.redis.prefix,
    clock: seams.clock,
  });
  const closeExtras = async () => {
    await limiterRedis.quit().catch(() => limiterRedis.disconnect());
  };
  return { store, jobs, mode: 'redis', limiterFor, limiterRedis, closeExtras };
}
