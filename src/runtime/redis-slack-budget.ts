import type { Redis } from 'ioredis';
import { type BucketRule, createMemoryBudget, type SlackBudget } from '../bot/pacing/budget.js';
import type { Logger } from '../observability/logger.js';

/**
 * The Slack budget shared by every replica through Redis: the same GCRA
 * arithmetic as the memory budget (bot/pacing/budget.ts), in one script, on
 * Redis's own clock (replicas' clocks may differ; a wait is a duration).
 * While Redis cannot be reached, each replica falls back to its own budget.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
if wait > maxWait then return -1 end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.floor(tat + interval - now + 60000))
return wait
`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilTat = now + tonumber(ARGV[1]) + tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilTat > tat then
  redis.call('SET', KEYS[1], tostring(untilTat), 'PX', math.floor(untilTat - now + 60000))
end
return 1
`;

/** On the rate limiters' client (runtime/state.ts: offline queue on, so a reservation waits for a reconnect). */
export function createRedisSlackBudget(options: {
  redis: Redis;
  prefix: string;
  logger: Logger;
  now: () => number;
}): SlackBudget {
  const { redis } = options;
  const fallback = createMemoryBudget(options.now);
  const key = (bucket: string) => `${options.prefix}:slack:budget:${bucket}`;
  const degraded = (err: unknown) =>
    options.logger.warn(
      { err: String(err) },
      'Slack budget not reachable in Redis; pacing this replica alone',
    );
  return {
    async reserve(bucket: string, rule: BucketRule, maxWaitMs: number) {
      try {
        const wait = Number(
          await redis.eval(
            RESERVE,
            1,
            key(bucket),
            Math.ceil(rule.intervalMs),
            Math.floor(rule.toleranceMs),
            Number.isFinite(maxWaitMs) ? Math.floor(maxWaitMs) : 2 ** 50,
          ),
        );
        return wait < 0 ? undefined : wait;
      } catch (err) {
        degraded(err);
        return fallback.reserve(bucket, rule, maxWaitMs);
      }
    },
    async pause(bucket: string, rule: BucketRule, forMs: number) {
      await fallback.pause(bucket, rule, forMs);
      try {
        await redis.eval(PAUSE, 1, key(bucket), Math.ceil(forMs), Math.floor(rule.toleranceMs));
      } catch (err) {
        degraded(err);
      }
    },
  };
}
