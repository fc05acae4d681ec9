import { isProviderError, ProviderError, TransportError } from '../../errors.js';
import type { HttpResponse } from '../http.js';

/** Error codes and their meaning for the bot (spec §5, §6, §7). Decide by code, never by message. */

export type Operation = 'BatchStopServers' | 'BatchStartServers' | 'ShowJob' | 'ListServersDetails';

/** Calls that act on servers: never repeated blindly. */
const MUTATING = new Set<Operation>(['BatchStopServers', 'BatchStartServers']);

const THROTTLED = new Set(['APIGW.0308', 'APIG.0308', 'Common.1503', 'Common.0024']);
/** Nova trouble: nothing certain about what happened on a mutating call. */
const NOVA = new Set(['Ecs.1000', 'Ecs.1001', 'Ecs.1002']);
/** Job-query hiccups (safe to repeat a read). */
const JOB_QUERY = new Set(['Common.0021', 'Common.0025']);
/** "Another command is running on the ECS": refused, so nothing was done. */
const BUSY = 'Ecs.0603';
export const JOB_NOT_FOUND = 'Common.0011';

const MAX_MESSAGE = 300;

/** May this failed call be sent again as is? A stop or start that may have acted never is. */
export function isRetryable(op: Operation, httpStatus: number | undefined, code: string): boolean {
  if (httpStatus === 429 || THROTTLED.has(code) || code === BUSY) return true;
  const read = !MUTATING.has(op);
  if (NOVA.has(code) || JOB_QUERY.has(code)) return read;
  if (code === 'NETWORK' || code === 'TIMEOUT') return read;
  return read && httpStatus !== undefined && httpStatus >= 500;
}

/**
 * True when a failed stop (or start) call may still have been carried out (no answer, a 5xx, a
 * Nova timeout, or a 2xx we could not read): only a status check can tell.
 */
export function stopOutcomeUnknown(err: unknown): boolean {
  if (!isProviderError(err)) return true;
  const code = err.providerCode;
  if (code === 'NETWORK' || code === 'TIMEOUT' || NOVA.has(code)) return true;
  if (code === BUSY || THROTTLED.has(code)) return false;
  const status = err.httpStatus;
  return status === undefined || status >= 500 || (status >= 200 && status < 300);
}

/** The gateway echoes its canonical request in APIGW.0301 messages (it may hold a token): cut it. */
function safeMessage(message: string): string {
  const cut = message.split(/canonicalRequest/i)[0] ?? '';
  const flat = cut.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

function field(obj: unknown, key: string): unknown {
  return obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Both error shapes: `{error:{code,message}}` (ECS) and `{error_code,error_msg,request_id}` (gateway). */
export function errorFromResponse(op: Operation, res: HttpResponse): ProviderError {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch (err) {
    body = undefined;
    if (!(err instanceof SyntaxError)) throw err;
  }
  const inner = field(body, 'error');
  const code =
    str(field(inner, 'code')) ??
    str(field(body, 'error_code')) ??
    str(field(body, 'code')) ??
    `HTTP_${res.status}`;
  const message =
    str(field(inner, 'message')) ??
    str(field(body, 'error_msg')) ??
    str(field(body, 'message')) ??
    (body === undefined ? `HTTP ${res.status} with a non-JSON body` : `HTTP ${res.status}`);
  const requestId = res.headers['x-request-id'] ?? str(field(body, 'request_id'));
  return new ProviderError({
    provider: 'huawei',
    providerCode: code,
    message: `${op}: ${safeMessage(message)}`,
    retryable: isRetryable(op, res.status, code),
    httpStatus: res.status,
    requestId,
  });
}

/** A 2xx whose body is not what the API documents. */
export function badResponse(op: Operation, res: HttpResponse, what: string): ProviderError {
  return new ProviderError({
    provider: 'huawei',
    providerCode: 'BAD_RESPONSE',
    message: `${op}: unexpected reply (${what})`,
    retryable: isRetryable(op, res.status, 'BAD_RESPONSE'),
    httpStatus: res.status,
    requestId: res.headers['x-request-id'],
  });
}

/** No HTTP answer at all. */
export function errorFromTransport(op: Operation, err: unknown): ProviderError {
  const timeout = err instanceof TransportError && err.kind === 'timeout';
  const code = timeout ? 'TIMEOUT' : 'NETWORK';
  const detail = err instanceof TransportError ? err.message : 'no answer';
  return new ProviderError({
    provider: 'huawei',
    providerCode: code,
    message: `${op}: ${detail}`,
    retryable: isRetryable(op, undefined, code),
    cause: err,
  });
}
