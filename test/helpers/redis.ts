import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use: REDIS_URL, or the local default. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A plain client for test setup and inspection. Close it with `quit()`. */
export function createTestRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

/** A fresh key prefix, so tests never see each other's keys. */
export function uniquePrefix(label: string): string {
  return `stopbot-test:${label}:${randomBytes(6).toString('hex')}`;
}

/** A fresh prefix for the bot's own `redis.prefix`, which allows no colons. */
export function uniqueBotPrefix(label: string): string {
  return uniquePrefix(label).replace(/:/g, '.');
}

/** Every key under `prefix` (SCAN, never KEYS). */
export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Delete every key under `prefix`; returns how many were deleted. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  const found = await keysWithPrefix(redis, prefix);
  for (let i = 0; i < found.length; i += 500) await redis.del(...found.slice(i, i + 500));
  return found.length;
}

/**
 * Whether the bot's job queue under `prefix` holds no stop or tracking work for `requestId`
 * (waiting, active or delayed): read by BullMQ itself, not by the bot. Once true after the
 * request finished, nothing is left that could post a duplicate. (Its expiry job may still
 * wait: it changes nothing once the request was decided.)
 */
export async function requestWorkDone(
  prefix: string,
  requestId: string,
  queueName = 'stopbot',
): Promise<boolean> {
  const { Queue } = await import('bullmq');
  const queue = new Queue(queueName, { connection: { url: REDIS_URL }, prefix: `${prefix}:bull` });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
    return !jobs.some((j) => j?.id === `stop-${requestId}` || j?.id?.startsWith(`track-${requestId}-`));
  } finally {
    await queue.close();
  }
}
