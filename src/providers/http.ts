import { TransportError } from '../errors.js';
import { createHttpClient } from '../lib/http-client.js';

/** What the Huawei and Zenlayer clients need from HTTP: one call, raw bytes in and out. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HttpSend = (req: HttpRequest) => Promise<HttpResponse>;

export interface HttpOptions {
  timeoutMs: number;
  /** Open connections per origin. */
  connections?: number;
}

/** A sender on undici: a keep-alive pool per endpoint, headers and body timeouts on every call. */
export function createHttpSend(options: HttpOptions): HttpSend & { close(): Promise<void> } {
  const client = createHttpClient({ connections: options.connections ?? 32, timeoutMs: options.timeoutMs });
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    try {
      const res = await client.send({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: req.body,
        timeoutMs: options.timeoutMs,
      });
      return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const code = (err as { code?: string } | null)?.code ?? '';
      const timeout =
        name === 'TimeoutError' || name === 'AbortError' || code.includes('TIMEOUT') || code === 'ABORT_ERR';
      // Only the URL's origin and the error class go into the message: never headers.
      const origin = safeOrigin(req.url);
      throw new TransportError(
        timeout ? 'timeout' : 'network',
        `${timeout ? 'timed out' : `network error (${code || name || 'unknown'})`} calling ${origin}`,
        { cause: err },
      );
    }
  };
  return Object.assign(send, { close: () => client.close() });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'provider';
  }
}
