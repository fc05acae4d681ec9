/**
 * Every error stopbot raises, with a stable string code. Decide by `code`,
 * never by message text. Messages here may be shown to people: they never
 * carry secrets, signatures or raw request headers.
 */

export type ErrorCode =
  | 'config_invalid'
  | 'provider_error'
  | 'provider_not_configured'
  | 'transport_error'
  | 'state_unavailable'
  | 'state_conflict'
  | 'state_reply_invalid'
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

/** A request names a provider this replica has no configuration for. */
export class ProviderNotConfiguredError extends StopbotError {
  readonly provider: string;
  constructor(provider: string) {
    super('provider_not_configured', `provider ${provider} is not configured`);
    this.provider = provider;
  }
}

/**
 * No HTTP answer came back at all (reset, refused, timeout): the call may or
 * may not have acted. The message names only the origin, never headers.
 */
export class TransportError extends StopbotError {
  readonly kind: 'timeout' | 'network';
  constructor(kind: 'timeout' | 'network', message: string, options?: { cause?: unknown }) {
    super('transport_error', message, options);
    this.kind = kind;
  }
}

/** The state store could not be reached. */
export class StateUnavailableError extends StopbotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('state_unavailable', message, options);
  }
}

/** A write the state store refused because what it writes already exists (say, a request ID). */
export class StateConflictError extends StopbotError {
  constructor(message: string) {
    super('state_conflict', message);
  }
}

/** The state store answered in a shape this code does not know (a script out of step with it). */
export class StateReplyError extends StopbotError {
  constructor(message: string) {
    super('state_reply_invalid', message);
  }
}

/** A Slack post the work depends on did not go out; the job that needs it tries again. */
export class SlackPostError extends StopbotError {
  constructor(message: string) {
    super('slack_error', message);
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
