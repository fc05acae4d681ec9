import { isProviderError } from '../errors.js';
import type { Clock } from '../lib/clock.js';

/**
 * The one retry policy: exponential backoff with full jitter and a cap.
 * Which errors are retryable is the provider's call (ProviderError.retryable),
 * made from its own error codes; a stop is only marked retryable where the
 * provider cannot have acted.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  capMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 4, baseMs: 500, capMs: 30_000 };

export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  /** Random source in [0, 1); injectable for tests. */
  random?: () => number;
  /** Overrides the default test (ProviderError.retryable). */
  isRetryable?: (err: unknown) => boolean;
  /** A minimum wait the error itself asks for (e.g. Retry-After), in ms. */
  minDelayMs?: (err: unknown) => number | undefined;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  // "Equal jitter": never less than half the step, so retries do spread out.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  const retryable = options.isRetryable ?? ((err: unknown) => isProviderError(err) && err.retryable);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= options.policy.retries || !retryable(err)) throw err;
      const asked = options.minDelayMs?.(err) ?? 0;
      const delay = Math.max(asked, backoffDelay(options.policy, attempt, random));
      options.onRetry?.(err, attempt + 1, delay);
      await options.clock.sleep(delay);
    }
  }
}
