import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/redis-env.js';
import { StateUnavailableError } from '../errors.js';
import type { Logger } from '../observability/logger.js';

/**
 * Options for a state-store client. The store must fail fast during an outage
 * rather than hang a Slack interaction, and must never have a command replayed
 * behind its back after it already reported a failure:
 * - enableOfflineQueue false: while disconnected, ioredis rejects at once instead
 *   of queueing (a queued `decide` could run minutes later, after the caller was
 *   told it failed). The store itself waits briefly for `ready` first, so startup
 *   and sub-second reconnects still succeed.
 * - autoResendUnfulfilledCommands false: the same, for commands in flight when
 *   the connection drops.
 * - commandTimeout: a half-open socket cannot hang a command forever.
 * - maxRetriesPerRequest 1: whatever is queued is flushed after one failed reconnect.
 * ioredis keeps reconnecting in the background (retryStrategy).
 */
export function storeRedisOptions(commandTimeoutMs = 5_000): RedisOptions {
  return {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

/**
 * A new client for a Redis target. Through Sentinel, ioredis asks the sentinels
 * for the current primary on every (re)connect, so after a failover it finds the
 * new primary by itself. A demoted primary answers writes with READONLY: that
 * drops the connection too, and the next connect asks the sentinels again.
 */
export function createRedisClient(target: RedisTarget | string, extra: RedisOptions = {}): Redis {
  if (typeof target === 'string') return new Redis(target, extra);
  if (target.kind === 'url') return new Redis(target.url, extra);
  return new Redis({
    sentinels: target.sentinels,
    name: target.name,
    username: target.username,
    password: target.password,
    db: target.db,
    sentinelRetryStrategy: (times) => Math.min(times * 200, 2_000),
    // READONLY is the error code a replica puts first in its reply to a write.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
    ...extra,
  });
}

export interface StoreConnection {
  readonly redis: Redis;
  /** Resolves once the client is ready; rejects with StateUnavailableError after `waitMs`. */
  ready(): Promise<void>;
  /** Closes the client only if this module created it. */
  close(): Promise<void>;
}

export function openStoreConnection(
  source: Redis | RedisTarget | string,
  options: { waitMs: number; commandTimeoutMs?: number; logger: Logger },
): StoreConnection {
  const owned = !(source instanceof Redis);
  const redis = owned ? createRedisClient(source, storeRedisOptions(options.commandTimeoutMs)) : source;
  if (owned)
    redis.on('error', (err: Error) =>
      options.logger.warn({ err: err.message }, 'state store connection error'),
    );
  // One shared wait, so a burst of calls during an outage adds two listeners, not two per call.
  let waiting: Promise<void> | undefined;
  let closed = false;
  return {
    redis,
    ready() {
      if (redis.status === 'ready') return Promise.resolve();
      // A client of ours that gave up (a connect cut short mid-failover ends it) starts again.
      if (owned && !closed && redis.status === 'end') redis.connect().catch(() => undefined);
      waiting ??= waitReady(redis, options.waitMs).finally(() => {
        waiting = undefined;
      });
      return waiting;
    },
    async close() {
      if (!owned) return;
      closed = true;
      if (redis.status !== 'ready') {
        redis.disconnect();
        return;
      }
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function waitReady(redis: Redis, waitMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end')
    return Promise.reject(new StateUnavailableError('state store connection is closed'));
  return new Promise((resolve, reject) => {
    const fail = (err?: unknown) => {
      cleanup();
      reject(new StateUnavailableError(`state store not reachable within ${waitMs} ms`, { cause: err }));
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const timer = setTimeout(fail, waitMs);
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', fail);
    };
    redis.on('ready', onReady);
    redis.on('end', fail);
    if (redis.status === 'wait') redis.connect().catch(fail);
  });
}
