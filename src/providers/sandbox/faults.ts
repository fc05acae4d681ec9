import { ProviderError } from '../../errors.js';

/**
 * A hook run before the simulated cloud handles each API call. It may throw a
 * ProviderError to play a cloud failure (throttling, an outage) on purpose.
 */
export interface SandboxFaults {
  beforeCall(operation: string): void;
}

export function throttledError(operation: string): ProviderError {
  return new ProviderError({
    provider: 'sandbox',
    providerCode: 'Throttled',
    message: `sandbox: ${operation} was throttled, try again later`,
    retryable: true,
  });
}

/** Faults that throttle the next `n` calls, whatever they are. */
export interface ThrottleFaults extends SandboxFaults {
  throttleNext(n: number): void;
}

export function createThrottleFaults(): ThrottleFaults {
  let remaining = 0;
  return {
    throttleNext: (n) => {
      remaining = Math.max(0, Math.floor(n));
    },
    beforeCall: (operation) => {
      if (remaining <= 0) return;
      remaining--;
      throw throttledError(operation);
    },
  };
}
