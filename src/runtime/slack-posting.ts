import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { createMemoryBudget } from '../bot/pacing/budget.js';
import { createPacedSlack, type PacedSlack } from '../bot/pacing/paced-slack.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { createRedisSlackBudget } from './redis-slack-budget.js';

/**
 * The bot's posting layer with its budget: shared through Redis by every
 * replica when Redis is configured (the rate limiters' client), in memory
 * otherwise. A post that must wait longer than 25 s (or the summary lease
 * − 5 s) gives way to its durable job (summary: the job's retry; card, incident
 * notice: the notice job), so no summary waits past its lease and no job holds
 * a worker that long.
 */
export function createSlackPosting(options: {
  client: WebClient;
  limiterRedis?: Redis;
  config: { redis: { prefix: string }; jobs: { summaryLease: number } };
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}): PacedSlack {
  const { client, clock, logger, metrics } = options;
  const budget = options.limiterRedis
    ? createRedisSlackBudget({
        redis: options.limiterRedis,
        prefix: options.config.redis.prefix,
        logger,
        now: clock.now,
      })
    : createMemoryBudget(clock.now);
  const maxWaitMs = Math.max(1_000, Math.min(25_000, options.config.jobs.summaryLease - 5_000));
  return createPacedSlack({ client, budget, clock, logger, metrics, maxWaitMs });
}
