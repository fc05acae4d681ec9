import { createRedisClient } from '../approvals/redis-connection.js';
import { describeRedisTarget, type RedisTarget } from '../config/redis-env.js';
import { ConfigError, StateUnavailableError } from '../errors.js';

/** The variable that says where Redis is: REDIS_SENTINELS through Sentinel, else REDIS_URL. */
export const whereField = (target: RedisTarget) =>
  target.kind === 'sentinel' ? 'REDIS_SENTINELS' : 'REDIS_URL';

/**
 * The error code of a Redis error reply: its first word by protocol
 * (`WRONGPASS …`, `NOAUTH …`). Undefined for anything that is not a reply.
 */
function replyCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || err.name !== 'ReplyError') return undefined;
  return /^[A-Z]+/.exec(err.message)?.[0];
}

/** One connection attempt: undefined when Redis answered PING, else the error that stopped it. */
async function attempt(where: RedisTarget, timeoutMs: number): Promise<unknown> {
  const redis = createRedisClient(where, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  let last: unknown;
  redis.on('error', (err: unknown) => {
    last = err;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err) {
    return last ?? err;
  } finally {
    redis.disconnect();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At startup: is Redis there (through Sentinel: the primary the sentinels name),
 * and does it take our credentials? A refused password is a config error naming
 * REDIS_URL (never the password); no answer within `waitMs` is
 * StateUnavailableError (Redis unreachable).
 */
export async function checkRedis(where: RedisTarget, waitMs = 3000): Promise<void> {
  const deadline = Date.now() + waitMs;
  const target = describeRedisTarget(where);
  const field = whereField(where);
  for (;;) {
    const err = await attempt(where, Math.max(500, Math.min(2000, deadline - Date.now())));
    if (err === undefined) return;
    const code = replyCode(err);
    if (code === 'WRONGPASS') {
      throw new ConfigError(
        'REDIS_URL',
        `Redis at ${target} refused the password (WRONGPASS): fix the user name or password in REDIS_URL`,
      );
    }
    if (code === 'NOAUTH') {
      throw new ConfigError(
        'REDIS_URL',
        `Redis at ${target} needs a password (NOAUTH): put it in REDIS_URL as redis://:PASSWORD@host:port`,
      );
    }
    if (Date.now() >= deadline) {
      const reason = code ?? (err as { code?: string }).code;
      throw new StateUnavailableError(
        `${field}: Redis at ${target} is not reachable${reason ? ` (${reason})` : ''}; start it or fix ${field}`,
        { cause: err },
      );
    }
    await sleep(300);
  }
}
