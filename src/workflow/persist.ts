import { describeError, StateUnavailableError } from '../errors.js';
import type { WorkflowDeps } from './deps.js';

/** How long a write waits for the state store by default (a Sentinel failover takes seconds). */
export const DEFAULT_STORE_WAIT_MS = 60_000;

/**
 * Write what the cloud did, waiting for the store when it is away (a Redis
 * failover, a restart): retried with backoff while it answers StateUnavailable,
 * for at most settings.storeWaitMs. Past that the error goes up and the job is
 * retried, which re-reads each claimed target's status before anything else:
 * an outcome is what the cloud did, never what the store could not record.
 */
export async function persist<T>(deps: WorkflowDeps, what: string, write: () => Promise<T>): Promise<T> {
  const waitMs = deps.settings.storeWaitMs ?? DEFAULT_STORE_WAIT_MS;
  const deadline = deps.clock.now() + waitMs;
  let delay = 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof StateUnavailableError) || deps.clock.now() + delay > deadline) throw err;
      deps.logger.warn(
        { what, attempt, retryInMs: delay, err: describeError(err) },
        'state store unreachable; waiting to record',
      );
      await deps.clock.sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }
}
