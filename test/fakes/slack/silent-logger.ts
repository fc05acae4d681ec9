import { type Logger, LogLevel } from '@slack/web-api';

/** A @slack/logger Logger that prints nothing (keeps expected 429/error logs out of test output). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
