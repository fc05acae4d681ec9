import type { AlibabaConfig } from '../../config/schema.js';
import { isProviderError, type ProviderError } from '../../errors.js';
import { type RetryOptions, withRetry } from '../retry.js';
import type { RoaClient } from './roa-client.js';

/** What the provider's parts share: the signed client, the config and the retry policy. */
export interface SaeContext {
  client: RoaClient;
  config: AlibabaConfig;
  retry: RetryOptions;
}

/** A read call, retried on retryable errors (throttling, timeouts, 5xx). */
export const read = <T>(ctx: SaeContext, fn: (client: RoaClient) => Promise<T>): Promise<T> =>
  withRetry(() => fn(ctx.client), ctx.retry);

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/** Like `read`, but a ProviderError comes back as a value; anything else (a bug) still throws. */
export async function attempt<T>(
  ctx: SaeContext,
  fn: (client: RoaClient) => Promise<T>,
): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await read(ctx, fn) };
  } catch (err) {
    if (isProviderError(err)) return { ok: false, error: err };
    throw err;
  }
}
