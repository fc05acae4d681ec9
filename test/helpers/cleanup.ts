import { createTestRedis, deleteByPrefix } from './redis.js';

/** Run every clean-up step, even after one fails; then throw the first failure. */
export async function closeAll(steps: ReadonlyArray<() => unknown>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/** Delete every Redis key under `prefix` (nothing when it is empty). */
export async function dropPrefix(prefix: string): Promise<void> {
  if (!prefix) return;
  const admin = createTestRedis();
  try {
    await deleteByPrefix(admin, prefix);
  } finally {
    await admin.quit();
  }
}
