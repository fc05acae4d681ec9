import popCore from '@alicloud/pop-core';
import { isProviderError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { createWorkQueue } from '../../lib/work-queue.js';
import type { CallObserver, ProviderName } from '../types.js';
import { fromReturnedBody, fromThrown } from './errors.js';
import type { Limiter } from './limiter.js';

export const SAE_API_VERSION = '2019-05-06';

export interface RoaClientOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS temporary credentials: sent (and signed) as x-acs-security-token. */
  securityToken?: string;
  /** The configured provider name, for the observer (metrics, audit). */
  name?: ProviderName;
  /** Scheme, host and port, e.g. https://sae.cn-shanghai.aliyuncs.com */
  endpoint: string;
  /** Sent as `x-acs-region-id` on every call. */
  regionId: string;
  /** Connect and read timeout per call (pop-core's own default is only 3 s). */
  timeoutMs: number;
  clock: Clock;
  limiter?: Limiter;
  /** Calls in flight at once (default SAE_CONCURRENCY). */
  concurrency?: number;
  observe?: CallObserver;
}

/** SAE calls one provider keeps in flight at once; the account limiter still sets the pace. */
export const SAE_CONCURRENCY = 4;

export interface RoaRequest {
  /** The API name, for errors and the audit trail (e.g. StopApplication). */
  operation: string;
  method: 'GET' | 'PUT';
  path: string;
  query: Record<string, string>;
  /** True when the call changes something: an unanswered one may have acted. */
  mayAct: boolean;
  /** Merged over pop-core's own headers before signing (tests pin date and nonce this way). */
  headers?: Record<string, string>;
}

/** A successful SAE reply: `Success: true`, with whatever `Data` it carried. */
export interface SaeEnvelope {
  RequestId?: string;
  Data: unknown;
}

export interface RoaClient {
  call(request: RoaRequest): Promise<SaeEnvelope>;
  /** Drops the client's idle keep-alive connections. */
  close(): void;
}

function isSuccess(body: unknown): body is SaeEnvelope & { Success: true } {
  return typeof body === 'object' && body !== null && (body as { Success?: unknown }).Success === true;
}

/**
 * Our typed wrapper around pop-core's ROAClient (HMAC-SHA1 ROA signing): every
 * call waits for the account limiter, carries the region header, is checked for
 * a non-JSON body and `Success: false`, and is reported to the observer.
 */
export function createRoaClient(options: RoaClientOptions): RoaClient {
  const { clock, limiter, observe } = options;
  const name = options.name ?? 'alibaba';
  const gate = createWorkQueue(options.concurrency ?? SAE_CONCURRENCY);
  const client = new popCore.ROAClient({
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
    ...(options.securityToken ? { securityToken: options.securityToken } : {}),
    endpoint: options.endpoint,
    apiVersion: SAE_API_VERSION,
    opts: { timeout: options.timeoutMs },
  });

  const send = (req: RoaRequest): Promise<unknown> => {
    const headers = { 'x-acs-region-id': options.regionId, ...req.headers };
    return req.method === 'PUT'
      ? client.put(req.path, req.query, '', headers)
      : client.get(req.path, req.query, headers);
  };

  const callNow = async (req: RoaRequest): Promise<SaeEnvelope> => {
    await limiter?.acquire();
    const started = clock.now();
    const ctx = { operation: req.operation, mayAct: req.mayAct };
    try {
      const body = await send(req).catch((err: unknown) => {
        throw fromThrown(ctx, err);
      });
      if (!isSuccess(body)) throw fromReturnedBody(ctx, body);
      observe?.(name, {
        operation: req.operation,
        ok: true,
        requestId: body.RequestId,
        ms: clock.now() - started,
      });
      return body;
    } catch (err) {
      const record = isProviderError(err) ? { code: err.providerCode, requestId: err.requestId } : {};
      observe?.(name, { operation: req.operation, ok: false, ...record, ms: clock.now() - started });
      throw err;
    }
  };

  return {
    // At most `concurrency` calls in flight; each waits its turn with the limiter first.
    call: (req) => gate.run(() => callNow(req)),
    close() {
      client.keepAliveAgent.destroy();
    },
  };
}
