import { type DestinationStream, type Logger, pino } from 'pino';
import { currentRequestId } from '../lib/request-context.js';

export type { Logger };

/** Paths pino blanks out wherever they appear in a log object. */
export const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  'headers["x-slack-signature"]',
  'headers["x-security-token"]',
  'secrets',
  'config.secrets',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.accessKeySecret',
  '*.accessKeyPassword',
  '*.sk',
];

export interface LoggerOptions {
  level: string;
  /** Strings that must never appear in a log line (tokens, keys). */
  secrets?: readonly string[];
  destination?: DestinationStream;
}

/**
 * pino JSON lines. Known secret fields are redacted by path, and as a second
 * guard every known secret value is masked wherever it appears in a line.
 * Lines logged inside a request's context carry its `requestId`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const mask = (line: string): string => {
    let out = line;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
    return out;
  };
  const target = options.destination ?? pino.destination({ dest: 1, sync: false });
  const destination: DestinationStream = secrets.length
    ? { write: (line: string) => target.write(mask(line)) }
    : target;
  return pino(
    {
      level: options.level,
      base: { app: 'stopbot' },
      // Work done for a request (in withRequest) logs its ID on every line, deep inside adapters too.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
