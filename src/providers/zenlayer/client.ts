import { isProviderError, TransportError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { HttpSend } from '../http.js';
import { type RetryPolicy, withRetry } from '../retry.js';
import type { CallObserver, ProviderName } from '../types.js';
import { parseResponse, transportError } from './parse-response.js';
import { signZc2, ZC2_ALGORITHM } from './signer.js';

export const ZENLAYER_DEFAULT_ENDPOINT = 'https://console.zenlayer.com';
export const ZENLAYER_API_VERSION = '2026-02-01';
const PATH = '/api/v2/bmc';
const CONTENT_TYPE = 'application/json';

/** Waits of at least 1 s, 2 s, 4 s, 8 s (equal jitter on 2, 4, 8, 16 s), as the SDKs back off on 429. */
export const zenlayerRetryPolicy: RetryPolicy = { retries: 4, baseMs: 2000, capMs: 30_000 };

export type ZenlayerAction = 'StopInstances' | 'StartInstances' | 'DescribeInstances';

export interface ZenlayerCredentials {
  accessKeyId: string;
  accessKeyPassword: string;
}

export interface ZenlayerClientOptions {
  /** Scheme, host and optional port, no path. */
  endpoint: string;
  credentials: ZenlayerCredentials;
  clock: Clock;
  send: HttpSend;
  retry?: RetryPolicy;
  observe?: CallObserver;
  /** The configured provider name, for the observer (metrics, audit). */
  name?: ProviderName;
  /** Wall clock for the signature timestamp, in ms; defaults to clock.now. */
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export interface ZenlayerClient {
  /** One action, retried per the policy where that is safe; resolves to the envelope's `response`. */
  call(action: ZenlayerAction, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function createZenlayerClient(options: ZenlayerClientOptions): ZenlayerClient {
  const base = options.endpoint.replace(/\/+$/, '');
  const url = `${base}${PATH}`;
  // URL.host keeps a non-default port and drops a default one, as an HTTP client puts it on the wire.
  const host = new URL(base).host;
  const now = options.now ?? (() => options.clock.now());
  const policy = options.retry ?? zenlayerRetryPolicy;

  const attempt = async (action: ZenlayerAction, body: string): Promise<Record<string, unknown>> => {
    const write = action !== 'DescribeInstances';
    const timestamp = Math.floor(now() / 1000);
    const { authorization } = signZc2({
      contentType: CONTENT_TYPE,
      host,
      body,
      timestamp,
      accessKeyId: options.credentials.accessKeyId,
      accessKeyPassword: options.credentials.accessKeyPassword,
    });
    const headers = {
      'Content-Type': CONTENT_TYPE,
      Host: host,
      'X-ZC-Action': action,
      'X-ZC-Version': ZENLAYER_API_VERSION,
      'X-ZC-Timestamp': String(timestamp),
      'X-ZC-Signature-Method': ZC2_ALGORITHM,
      Authorization: authorization,
    };
    const started = options.clock.now();
    const report = (ok: boolean, code?: string, requestId?: string) =>
      options.observe?.(options.name ?? 'zenlayer', {
        operation: action,
        ok,
        code,
        requestId,
        ms: options.clock.now() - started,
      });
    try {
      const res = await options.send({ method: 'POST', url, headers, body });
      const parsed = parseResponse(res, write);
      report(true, undefined, parsed.requestId);
      return parsed.response;
    } catch (err) {
      const error = err instanceof TransportError ? transportError(err, write) : err;
      if (isProviderError(error)) report(false, error.providerCode, error.requestId);
      else report(false, 'UNEXPECTED');
      throw error;
    }
  };

  return {
    call: (action, params) => {
      const body = JSON.stringify(params);
      // Each attempt signs afresh, so a retry never carries a stale timestamp.
      return withRetry(() => attempt(action, body), { policy, clock: options.clock, random: options.random });
    },
  };
}
