import { z } from 'zod';
import { ProviderError, type TransportError } from '../../errors.js';
import type { HttpResponse } from '../http.js';

/**
 * Turns a bmc API answer (or the lack of one) into a result or a ProviderError.
 * `write` marks a call that changes something (StopInstances): when it may have
 * acted (no answer, 5xx), it is NOT retryable here; the provider checks status.
 */

const envelope = z.object({ requestId: z.string().optional(), response: z.record(z.string(), z.unknown()) });
const errorBody = z.object({
  requestId: z.string().optional(),
  code: z.string().min(1),
  message: z.string().optional(),
});

/** Codes worth another attempt on a read (and, for 429, on a write: it was refused, not done). */
const TRANSIENT = new Set([
  'REQUEST_LIMIT_EXCEEDED',
  'SERVICE_TEMPORARY_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'REQUEST_TIMED_OUT',
]);

/** `Invalid.Instance.Not.Found` → `INVALID_INSTANCE_NOT_FOUND`. */
export function normaliseCode(code: string): string {
  return code
    .trim()
    .replace(/[.\s-]+/g, '_')
    .toUpperCase();
}

function fail(init: {
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  retryable: boolean;
}) {
  return new ProviderError({
    provider: 'zenlayer',
    providerCode: init.code,
    message: init.message,
    retryable: init.retryable,
    httpStatus: init.status,
    requestId: init.requestId,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** A throttle refuses the call before it runs, so even a write may try again. */
function isRetryable(code: string, status: number, write: boolean): boolean {
  if (status === 429 || code === 'REQUEST_LIMIT_EXCEEDED') return true;
  if (write) return false;
  return TRANSIENT.has(code) || status >= 500;
}

export function parseResponse(
  res: HttpResponse,
  write: boolean,
): { requestId?: string; response: Record<string, unknown> } {
  const json = parseJson(res.body);
  if (res.status === 200) {
    const ok = envelope.safeParse(json);
    if (ok.success) return { requestId: ok.data.requestId, response: ok.data.response };
    throw fail({
      code: 'INVALID_RESPONSE',
      message: 'HTTP 200 without the expected JSON envelope',
      status: 200,
      retryable: !write,
    });
  }
  const err = errorBody.safeParse(json);
  if (err.success) {
    const code = normaliseCode(err.data.code);
    throw fail({
      code,
      message: err.data.message || `HTTP ${res.status}`,
      status: res.status,
      requestId: err.data.requestId,
      retryable: isRetryable(code, res.status, write),
    });
  }
  throw nonJsonError(res, write);
}

function nonJsonError(res: HttpResponse, write: boolean): ProviderError {
  const status = res.status;
  const type = (res.headers['content-type'] ?? 'no content type').split(';')[0];
  if (status === 403 && (res.headers['cf-mitigated'] ?? '').toLowerCase() === 'challenge') {
    return fail({
      code: 'EDGE_CHALLENGE',
      message:
        "Zenlayer's edge security challenged the request (HTTP 403, cf-mitigated: challenge); it never reached the API",
      status,
      retryable: false,
    });
  }
  if (status === 451) {
    return fail({
      code: 'BLOCKED_BY_SECURITY_POLICY',
      message: 'request blocked by a security policy (HTTP 451)',
      status,
      retryable: false,
    });
  }
  return fail({
    code: status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : `HTTP_${status}`,
    message: `HTTP ${status} with a non-API body (${type})`,
    status,
    retryable: isRetryable('', status, write),
  });
}

export function transportError(err: TransportError, write: boolean): ProviderError {
  return new ProviderError({
    provider: 'zenlayer',
    providerCode: err.kind === 'timeout' ? 'NETWORK_TIMEOUT' : 'NETWORK_ERROR',
    message: err.message,
    retryable: !write,
    cause: err,
  });
}

/** True when a failed write may still have been carried out (no answer, or a server error). */
export function mayHaveActed(err: unknown): boolean {
  if (!(err instanceof ProviderError)) return true;
  if (err.httpStatus === undefined) return true;
  if (err.providerCode !== 'REQUEST_LIMIT_EXCEEDED' && TRANSIENT.has(err.providerCode)) return true;
  return err.httpStatus >= 500 || err.httpStatus === 200;
}
