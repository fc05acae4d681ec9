import { ConfigError, StopbotError } from '../errors.js';

/** Exit codes of a failed start (sysexits.h), documented in the README. */
export const EXIT = {
  /** Anything else that stopped startup. */
  failed: 1,
  /** A dependency (Redis) is not reachable: start it, then stopbot. */
  unavailable: 69,
  /** The config file or environment is wrong (including a token Slack refuses, a Redis password refused). */
  config: 78,
} as const;

/** The exit code for an error that stopped startup, decided by its code. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ConfigError) return EXIT.config;
  if (err instanceof StopbotError && err.code === 'state_unavailable') return EXIT.unavailable;
  return EXIT.failed;
}

/** The one stderr line (or block) for a failed start; never a stack, never a secret. */
export function startupFailure(err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof ConfigError) return `stopbot: configuration error: ${detail}\n`;
  if (err instanceof StopbotError && err.code === 'state_unavailable')
    return `stopbot: unavailable: ${detail}\n`;
  return `stopbot: failed to start: ${detail}\n`;
}
