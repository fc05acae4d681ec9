import { ProviderError } from '../../errors.js';

/** What an SDK error carries that we read; everything else (headers, the encoded message) is left alone. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const IAM_ACTION: Record<string, string> = {
  DescribeInstances: 'ec2:DescribeInstances',
  StopInstances: 'ec2:StopInstances',
  StartInstances: 'ec2:StartInstances',
};

export const THROTTLED = 'RequestLimitExceeded';
/** A start refused for want of capacity (a 5xx, yet AWS did not act): retry later or report. */
export const CAPACITY = 'InsufficientInstanceCapacity';
/** The caller's own network failed or timed out: no answer from AWS, which may or may not have acted. */
export const NO_ANSWER = 'NoAnswer';

/** Codes about one instance (its ID or state), as opposed to the call or the account. */
const INSTANCE_CODES = new Set([
  'InvalidInstanceID.NotFound',
  'InvalidInstanceID.Malformed',
  'IncorrectInstanceState',
  'OperationNotPermitted',
  'UnsupportedOperation',
  CAPACITY,
]);

const EXPIRED = new Set(['RequestExpired', 'ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);

/** A short AWS message, kept only where it names instances; never the encoded authorization message. */
const clip = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);

function plainWords(code: string, operation: string, e: SdkErrorShape): string {
  const aws = clip(e.message);
  switch (code) {
    case 'UnauthorizedOperation':
    case 'AccessDenied':
    case 'AccessDeniedException':
      return `AWS refused ${operation}: the bot's IAM user or role is not allowed to call it. Grant it the IAM action ${IAM_ACTION[operation] ?? `ec2:${operation}`} (see the README's AWS section)`;
    case 'AuthFailure':
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return 'AWS did not accept the credentials (unknown or disabled access key, or wrong secret); check the key the bot runs with';
    case 'CredentialsProviderError':
      return 'no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile or an instance role';
    case 'InvalidInstanceID.NotFound':
      return `no such instance in this region: ${aws}`;
    case 'InvalidInstanceID.Malformed':
      return `not a valid EC2 instance ID (i- followed by 8 or 17 hex digits): ${aws}`;
    case 'IncorrectInstanceState':
      return `the instance is not in a state from which it can be ${operation === 'StartInstances' ? 'started' : 'stopped'}: ${aws}`;
    case CAPACITY:
      return `AWS has not enough capacity of this instance type to start it now; try again later (or another type or zone): ${aws}`;
    case 'OperationNotPermitted':
      return `AWS does not permit this on the instance (stop protection, DisableApiStop, may be on): ${aws}`;
    case 'UnsupportedOperation':
      return `AWS does not support this for the instance: ${aws}`;
    case THROTTLED:
      return 'AWS kept throttling the calls (RequestLimitExceeded) after retries with backoff; try again in a minute';
    case NO_ANSWER:
      return `no answer from AWS EC2 (${e.code ?? e.name ?? 'network error'}); it may or may not have acted`;
    default:
      if (EXPIRED.has(code))
        return 'the AWS credentials have expired (or the bot clock is more than 15 minutes off); renew the session token or keys';
      return `${code}${aws ? `: ${aws}` : ''}`;
  }
}

function codeOf(e: SdkErrorShape): string {
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return e.name && e.name !== 'Error' ? e.name : `HTTP${status}`;
  if (e.name === 'CredentialsProviderError') return e.name;
  // No HTTP answer at all: a reset, refused or timed-out connection.
  return NO_ANSWER;
}

/** Any error from an EC2 call, as a ProviderError with a code to decide by and a message in plain words. */
export function toAwsError(err: unknown, operation: string, provider: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorShape;
  const code = codeOf(e);
  const status = e.$metadata?.httpStatusCode;
  return new ProviderError({
    provider,
    providerCode: code,
    message: plainWords(code, operation, e),
    retryable:
      code === THROTTLED ||
      code === NO_ANSWER ||
      (status !== undefined && status >= 500 && code !== CAPACITY),
    httpStatus: status,
    requestId: e.$metadata?.requestId,
  });
}

/** A refusal about an instance (its ID or state) rather than the call, the account or the network. */
export const refusesAnInstance = (err: ProviderError): boolean => INSTANCE_CODES.has(err.providerCode);

/** The call may have been carried out before it failed (no answer, or a server error). */
export const mayHaveActed = (err: ProviderError): boolean =>
  err.providerCode === NO_ANSWER ||
  (err.httpStatus !== undefined &&
    err.httpStatus >= 500 &&
    err.providerCode !== THROTTLED &&
    err.providerCode !== CAPACITY);
