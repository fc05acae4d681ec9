import { ProviderError } from '../../errors.js';

/**
 * Turning what pop-core's ROAClient does into ProviderError. Decisions are made
 * from error codes and names, never from message text. Messages are built here
 * from the server's own Message field and never carry credentials or headers.
 */

/** SAE and gateway codes worth another try later (spec §4). */
const RETRYABLE_CODES = new Set([
  'Throttling.User',
  'Throttling.Api',
  'Throttling',
  'System.Upgrading',
  'Application.ChangerOrderRunning',
  'Application.InvalidStatus',
  'InternalError',
  'ServiceUnavailable',
]);

/** Our codes for replies where we cannot tell whether the call acted. */
export const NO_ANSWER_CODES = new Set([
  'RequestTimeout',
  'NonJsonResponse',
  'InvalidResponse',
  'ConnectionError',
]);

/** Network failures that happen before any byte of the request reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Node's socket error codes (ECONNRESET, EPIPE, …); SAE codes never look like this. */
const NODE_ERROR_CODE = /^E[A-Z0-9_]+$/;

export interface CallContext {
  operation: string;
  /** True for calls that change something (stops): an unanswered one may have acted. */
  mayAct: boolean;
}

const MAX_MESSAGE = 300;

function providerError(
  ctx: CallContext,
  init: {
    code: string;
    detail: string;
    retryable: boolean;
    httpStatus?: number;
    requestId?: string;
    cause?: unknown;
  },
): ProviderError {
  const detail = init.detail.length > MAX_MESSAGE ? `${init.detail.slice(0, MAX_MESSAGE)}…` : init.detail;
  return new ProviderError({
    provider: 'alibaba',
    providerCode: init.code,
    message: `SAE ${ctx.operation} failed: ${detail}`,
    retryable: init.retryable,
    httpStatus: init.httpStatus,
    requestId: init.requestId,
    cause: init.cause,
  });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

/** A body that came back without a throw but is not a success envelope. */
export function fromReturnedBody(ctx: CallContext, body: unknown): ProviderError {
  if (typeof body === 'string') {
    return providerError(ctx, {
      code: 'NonJsonResponse',
      detail: 'the server answered with a non-JSON body',
      retryable: !ctx.mayAct,
    });
  }
  const b = record(body) ?? {};
  const codeField = str(b.Code) ?? (typeof b.Code === 'number' ? String(b.Code) : undefined);
  const code = str(b.ErrorCode) ?? (codeField && codeField !== '200' ? codeField : 'UnsuccessfulResponse');
  return providerError(ctx, {
    code,
    detail: str(b.Message) ?? 'the server reported Success=false',
    retryable: RETRYABLE_CODES.has(code),
    requestId: str(b.RequestId),
  });
}

/** Anything pop-core (or the network under it) threw. */
export function fromThrown(ctx: CallContext, err: unknown): ProviderError {
  const e = record(err) ?? {};
  const name = str(e.name) ?? '';
  const code = str(e.code);
  const result = record(e.result);
  if (code && result) {
    // JSON reply with status >= 400.
    const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
    return providerError(ctx, {
      code,
      detail: str(result.Message) ?? `HTTP ${status ?? '?'}`,
      retryable: RETRYABLE_CODES.has(code),
      httpStatus: status,
      requestId: str(result.RequestId),
      cause: err,
    });
  }
  if (name === 'RequestTimeoutError') {
    const detail = ctx.mayAct ? 'no answer in time (the call may have acted)' : 'no answer in time';
    return providerError(ctx, { code: 'RequestTimeout', detail, retryable: !ctx.mayAct, cause: err });
  }
  if (name === 'FormatError') {
    return providerError(ctx, {
      code: 'InvalidResponse',
      detail: 'the server sent JSON that could not be read',
      retryable: !ctx.mayAct,
      cause: err,
    });
  }
  if (code && NODE_ERROR_CODE.test(code)) {
    const notSent = NOT_SENT.has(code);
    return providerError(ctx, {
      code: notSent ? code : 'ConnectionError',
      detail: `network error ${code}`,
      retryable: notSent || !ctx.mayAct,
      cause: err,
    });
  }
  if (code) {
    // XML <Error> from the gateway (ACSError): the code only, no status, no request ID field.
    return providerError(ctx, {
      code,
      detail: 'the API gateway refused the call',
      retryable: RETRYABLE_CODES.has(code),
      cause: err,
    });
  }
  return providerError(ctx, {
    code: 'UnknownError',
    detail: name || 'unexpected failure',
    retryable: false,
    cause: err,
  });
}
