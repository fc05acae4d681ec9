import { chunk } from '../../lib/chunk.js';
import type { Clock } from '../../lib/clock.js';
import { mapLimit } from '../../lib/map-limit.js';
import { type RetryPolicy, withRetry } from '../retry.js';
import { DETAIL_IDS_LIMIT, type HuaweiClient } from './client.js';
import type { ServerDetail } from './wire.js';

/** What the provider's parts share: the client, the clock and the retry policy. */
export interface HuaweiContext {
  client: HuaweiClient;
  clock: Clock;
  policy: RetryPolicy;
  /** Random source in [0, 1) for backoff jitter. */
  random: () => number;
  /** Run one call, retrying the errors the client marked retryable. */
  retry<T>(fn: () => Promise<T>): Promise<T>;
}

/** Read calls in flight at once (status reads of 5,000 servers are 50 calls). */
export const READ_CONCURRENCY = 4;

export function createContext(
  client: HuaweiClient,
  clock: Clock,
  policy: RetryPolicy,
  random: () => number,
): HuaweiContext {
  return { client, clock, policy, random, retry: (fn) => withRetry(fn, { policy, clock, random }) };
}

function missing(id: string): ServerDetail {
  return { id, name: null, status: null, taskState: null, vmState: null, powerState: null, fault: null };
}

/** Current detail of every ID, ≤100 IDs per call; IDs the cloud does not know come back as "missing". */
export async function readDetails(
  ctx: HuaweiContext,
  ids: readonly string[],
): Promise<Map<string, ServerDetail>> {
  const unique = [...new Set(ids)];
  const pages = await mapLimit(chunk(unique, DETAIL_IDS_LIMIT), READ_CONCURRENCY, (part) =>
    ctx.retry(() => ctx.client.listDetailsByIds(part)),
  );
  const byId = new Map<string, ServerDetail>();
  for (const d of pages.flat()) byId.set(d.id, d);
  for (const id of unique) if (!byId.has(id)) byId.set(id, missing(id));
  return byId;
}
