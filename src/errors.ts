/**
 * Every error stopbot raises, with a stable string code. Decide by `code`,
 * never by message text. Messages here may be shown to people: they never
 * carry secrets, signatures or raw request headers.
 */

export type ErrorCode =
  | 'config_invalid'
  | 'usage'
  | 'not_allowed'
  | 'not_found'
  | 'provider_error'
  | 'state_unavailable'
  | 'slack_error';

export class StopbotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** One wrong config or environment value: `field` names it, `message` says what to write. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/**
 * The config or environment is wrong. `field` names the first wrong value;
 * `problems` lists every one found, so a person can fix them all in one go.
 */
export class ConfigError extends StopbotError {
  readonly field: string;
  readonly problems: readonly ConfigProblem[];
  constructor(field: string, message: string, more: readonly ConfigProblem[] = []) {
    const problems = [{ field, message }, ...more];
    super(
      'config_invalid',
      problems.length === 1
        ? `${field}: ${message}`
        : `${problems.length} problems:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`,
    );
    this.field = field;
    this.problems = problems;
  }

  /** One error carrying every problem; undefined when there are none. */
  static of(problems: readonly ConfigProblem[]): ConfigError | undefined {
    const [first, ...rest] = problems;
    return first ? new ConfigError(first.field, first.message, rest) : undefined;
  }
}

/** The user typed something the bot cannot act on. The message is shown to them. */
export class UsageError extends StopbotError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** A provider API call failed. `code` is the provider's own error code. */
export class ProviderError extends StopbotError {
  readonly provider: string;
  readonly providerCode: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** The cloud refused the credentials themselves (bad key, bad signature, no permission). */
  readonly credentialsRefused: boolean;
  constructor(init: {
    provider: string;
    providerCode: string;
    message: string;
    retryable: boolean;
    httpStatus?: number;
    requestId?: string;
    credentialsRefused?: boolean;
    cause?: unknown;
  }) {
    super('provider_error', init.message, { cause: init.cause });
    this.credentialsRefused = init.credentialsRefused ?? false;
    this.provider = init.provider;
    this.providerCode = init.providerCode;
    this.retryable = init.retryable;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
  }

  /** One line for people: code and message, no headers, no secrets. */
  describe(): string {
    return `${this.providerCode}: ${this.message}`;
  }
}

/** The state store could not be reached. */
export class StateUnavailableError extends StopbotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('state_unavailable', message, options);
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}

/** A short, safe description of any thrown value (no stack, no headers). */
export function describeError(err: unknown): string {
  if (err instanceof ProviderError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}
