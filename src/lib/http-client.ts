import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * A small HTTP/1.1 client on Node's own http module (its native parser): one
 * keep-alive pool per client, a body read in full, a deadline per request.
 * Used instead of undici so that the bot loads no WebAssembly HTTP parser:
 * compiling undici's at run time briefly costs some 35 MB of memory.
 */

export interface ClientRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request (and its body read); the error is the signal's reason. */
  signal?: AbortSignal;
  /** A deadline for the whole exchange; past it the request fails with an error named TimeoutError. */
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
  /** Closes the pooled connections. */
  close(): void;
}

function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      ended = true;
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
    });
    res.on('error', reject);
    res.on('close', () => {
      if (!ended) reject(new Error('the connection closed before the answer ended'));
    });
  });
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

export function createHttpClient(options: { maxSockets?: number; keepAliveMs?: number } = {}): HttpClient {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 32,
    keepAliveMsecs: 1000,
    timeout: options.keepAliveMs ?? 10_000,
  };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  return {
    send(req) {
      return new Promise<ClientResponse>((resolve, reject) => {
        const url = new URL(req.url);
        const secure = url.protocol === 'https:';
        const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
        const headers = { ...req.headers };
        if (body !== undefined) headers['content-length'] = String(body.length);
        const out = (secure ? httpsRequest : httpRequest)(url, {
          method: req.method,
          headers,
          agent: secure ? https : http,
          signal: req.signal,
        });
        // A plain timer: cheaper than an AbortSignal per request, which matters at thousands a second.
        let timedOut: Error | undefined;
        const timer =
          req.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = new Error(`no answer within ${req.timeoutMs} ms`);
                timedOut.name = 'TimeoutError';
                out.destroy(timedOut);
              }, req.timeoutMs);
        // Whatever breaks after the deadline fired is reported as the timeout it is.
        const fail = (err: unknown) => {
          clearTimeout(timer);
          reject(timedOut ?? err);
        };
        out.on('response', (res) => {
          readAll(res).then((data) => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: headersOf(res), body: data });
          }, fail);
        });
        out.on('error', fail);
        out.end(body);
      });
    },
    close() {
      http.destroy();
      https.destroy();
    },
  };
}
