import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TransportError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { Limiter, LimiterFactory } from '../providers/types.js';

/**
 * A sliding-window limit shared by every replica: the grants of the last
 * window live in one sorted set per account, timed by the Redis server's
 * clock (so replicas' clocks do not matter). A grant is one atomic script.
 *
 *   KEYS[1]  sorted set: grant id -> grant time (ms, server clock)
 *   ARGV[1]  limit: grants allowed in any window
 *   ARGV[2]  windowMs
 *   ARGV[3]  this grant's unique id
 *   returns  0 when granted, else the ms to wait before asking again
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now + 1)
`;

export interface RedisLimiterOptions {
  redis: Redis;
  /** Key prefix of the installation; limiter keys go under `${prefix}:limit:`. */
  prefix: string;
  clock: Clock;
  /** How long a turn waits for an unreachable Redis before failing as a transport error. Default 60 s. */
  unreachableWaitMs?: number;
}

/** Limiters shared through Redis, one per key (say, an SAE account), turns in arrival order per process. */
export function createRedisLimiterFactory(options: RedisLimiterOptions): LimiterFactory {
  const { redis, clock } = options;
  const process = randomBytes(6).toString('hex');
  let serial = 0;
  const made = new Map<string, Limiter>();

  const make = (key: string, limit: number, windowMs: number): Limiter => {
    const redisKey = `${options.prefix}:limit:${key}`;
    const take = async (): Promise<void> => {
      const giveUpAt = clock.now() + (options.unreachableWaitMs ?? 60_000);
      let backoff = 100;
      for (;;) {
        let wait: number;
        try {
          serial += 1;
          wait = Number(await redis.eval(TAKE, 1, redisKey, limit, windowMs, `${process}-${serial}`));
        } catch (err) {
          if (clock.now() + backoff > giveUpAt)
            throw new TransportError('network', 'the shared rate limiter (Redis) is not reachable', {
              cause: err,
            });
          wait = backoff;
          backoff = Math.min(backoff * 2, 2_000);
        }
        if (wait <= 0) return;
        await clock.sleep(wait);
      }
    };
    let queue: Promise<void> = Promise.resolve();
    return {
      acquire() {
        const turn = queue.then(take);
        queue = turn.catch(() => undefined);
        return turn;
      },
    };
  };

  return (key, { limit, windowMs }) => {
    const id = `${key}:${limit}:${windowMs}`;
    const existing = made.get(id);
    if (existing) return existing;
    const limiter = make(key, limit, windowMs);
    made.set(id, limiter);
    return limiter;
  };
}
