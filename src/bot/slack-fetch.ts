import type { FetchFunction } from '@slack/web-api';
import { createHttpClient } from '../lib/http-client.js';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

export interface SlackFetch extends FetchFunction {
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

/**
 * The fetch the Slack Web API client and respond() use: an undici keep-alive
 * pool per endpoint (src/lib/http-client.ts), bounded connections, headers and
 * body timeouts on every call. It does what the client needs (string bodies,
 * status, headers, text/JSON) at a fraction of the platform fetch's CPU cost,
 * which matters when a burst of commands each post a card. Anything else (a
 * multipart file upload) goes to the platform fetch.
 */
export function createSlackFetch(options: { connections?: number; timeoutMs?: number } = {}): SlackFetch {
  const client = createHttpClient({
    connections: options.connections ?? 32,
    keepAliveMs: 30_000,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const lean: FetchFunction = async (url, init = {}) => {
    if (init.body !== undefined && typeof init.body !== 'string') return globalThis.fetch(url, init);
    const res = await client.send({
      method: init.method ?? 'GET',
      url: String(url),
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    const bytes = res.body;
    const headers = new Map(Object.entries(res.headers));
    const response: FetchResponse = {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      statusText: '',
      url: String(url),
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null, entries: () => headers.entries() },
      arrayBuffer: async () => new Uint8Array(bytes).buffer,
      json: async () => JSON.parse(bytes.toString('utf8')),
      text: async () => bytes.toString('utf8'),
    };
    return response;
  };
  return Object.assign(lean, { close: () => client.close() });
}
