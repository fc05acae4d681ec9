import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteByPrefix, keysWithPrefix } from '../../test/helpers/redis.js';

/** A fresh key prefix for one benchmark (the config allows letters, digits, _ . -). */
export function benchPrefix(label: string): string {
  return `stopbot-bench-${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under the prefix; returns how many there were. */
export async function cleanRedis(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const n = await deleteByPrefix(redis, prefix);
    const left = await keysWithPrefix(redis, prefix);
    if (left.length > 0) await deleteByPrefix(redis, prefix);
    return n;
  } finally {
    await redis.quit();
  }
}
