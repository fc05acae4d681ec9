import { EventEmitter } from 'node:events';
import { Pool } from 'undici';

/**
 * A small HTTP/1.1 client on undici: one keep-alive `Pool` per endpoint
 * (origin) with a bounded number of connections, a body read in full, and
 * headers and body timeouts on every request. Whoever creates the client
 * closes it (which closes every pool it opened).
 */

export interface ClientRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request (and its body read); the error is the signal's reason. */
  signal?: AbortSignal;
  /**
   * A deadline for the answer's headers and for each pause in its body; past it
   * the request fails with an error named TimeoutError. Defaults to the client's.
   */
  timeoutMs?: number;
}

export interface ClientResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpClient {
  send(req: ClientRequest): Promise<ClientResponse>;
  /** Closes every pool (lets requests in flight finish). */
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** Open connections per endpoint. */
  connections?: number;
  /** How long an idle connection is kept open. */
  keepAliveMs?: number;
  /** The headers/body timeout of a request that names none. */
  timeoutMs?: number;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** undici's timeout errors carry their own names; callers see one: TimeoutError. */
function asTimeout(err: unknown, ms: number, ours = false): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (!ours && (code === undefined || !TIMEOUT_CODES.has(code))) return err;
  const timeout = new Error(`no answer within ${ms} ms`, { cause: err });
  timeout.name = 'TimeoutError';
  return timeout;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const pools = new Map<string, Pool>();
  const connections = options.connections ?? 32;
  const keepAliveMs = options.keepAliveMs ?? 10_000;
  const defaultTimeout = options.timeoutMs ?? 30_000;
  let closed = false;

  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections,
        keepAliveTimeout: keepAliveMs,
        keepAliveMaxTimeout: Math.max(keepAliveMs, 1000),
        headersTimeout: defaultTimeout,
        bodyTimeout: defaultTimeout,
        connectTimeout: Math.min(defaultTimeout, 10_000),
        pipelining: 1,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  return {
    async send(req) {
      if (closed) throw new Error('the HTTP client is closed');
      const url = new URL(req.url);
      const timeoutMs = req.timeoutMs ?? defaultTimeout;
      const headers: Record<string, string> = { ...req.headers };
      const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
      if (body !== undefined) headers['content-length'] = String(body.length);
      // undici's own headers/body timeouts tick at about one second; a request that
      // names a deadline also gets a plain timer, so short deadlines hold to the ms.
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      let signal: AbortSignal | EventEmitter | undefined = req.signal;
      if (signal === undefined && req.timeoutMs !== undefined) {
        const deadline = new EventEmitter();
        timer = setTimeout(() => {
          timedOut = true;
          deadline.emit('abort');
        }, req.timeoutMs);
        signal = deadline;
      }
      try {
        const res = await poolFor(url.origin).request({
          method: req.method as 'GET',
          path: `${url.pathname}${url.search}`,
          headers,
          body,
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const chunks: Buffer[] = [];
        for await (const chunk of res.body) chunks.push(chunk as Buffer);
        const data = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
        return { status: res.statusCode, headers: headersOf(res.headers), body: data };
      } catch (err) {
        throw timedOut ? asTimeout(err, timeoutMs, true) : asTimeout(err, timeoutMs);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.close().catch(() => p.destroy())));
    },
  };
}
