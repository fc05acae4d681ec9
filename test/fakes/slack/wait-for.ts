import type { SlackState } from './state.js';

/**
 * Resolves with the first truthy result of `check`, re-checked on every change of the fake's state (and every
 * 25 ms for time-based conditions). A throwing check counts as "not yet", so `expect(...)` can be used inside;
 * the last error is reported on timeout.
 */
export function waitFor<T>(
  state: SlackState,
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what = 'condition',
): Promise<T> {
  return new Promise((resolve, reject) => {
    let lastError: unknown;
    const attempt = (): boolean => {
      try {
        const result = check();
        if (result === undefined || result === null || result === false) return false;
        finish();
        resolve(result);
        return true;
      } catch (err) {
        lastError = err;
        return false;
      }
    };
    const timer = setTimeout(() => {
      finish();
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      reject(new Error(`waitFor(${what}) timed out after ${timeoutMs} ms${detail}`));
    }, timeoutMs);
    const poll = setInterval(attempt, 25);
    const unsubscribe = state.onChange(attempt);
    function finish(): void {
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe();
    }
    attempt();
  });
}
