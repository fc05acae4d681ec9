import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadOptions {
  /** Form bodies to send, one request each. */
  bodies: readonly string[];
  concurrency: number;
  /** Whether an answer counts as a good ack. */
  accept(status: number, body: string): boolean;
}

export interface LoadResult {
  /** Response times in ms (request sent → whole answer read), good acks only. */
  latencies: number[];
  failures: number;
  firstFailure?: string;
  wallMs: number;
}

/** Slack's request signature: v0=HMAC-SHA256(secret, `v0:{ts}:{body}`). */
export function slackHeaders(secret: string, body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${sig}`,
  };
}

export interface Loader {
  /** Sends every body as a signed POST /slack/events with at most `concurrency` in flight. */
  run(options: LoadOptions): Promise<LoadResult>;
  close(): Promise<void>;
}

/** A load generator for one app: a keep-alive connection pool reused across runs. */
export function createLoader(url: string, signingSecret: string, connections: number): Loader {
  const pool = new Pool(url, { connections, keepAliveTimeout: 60_000 });
  return {
    async run(options) {
      const latencies: number[] = [];
      let failures = 0;
      let firstFailure: string | undefined;
      let next = 0;
      const worker = async () => {
        while (next < options.bodies.length) {
          const body = options.bodies[next++] ?? '';
          const headers = slackHeaders(signingSecret, body);
          const started = performance.now();
          try {
            const res = await pool.request({ path: '/slack/events', method: 'POST', headers, body });
            const text = await res.body.text();
            const took = performance.now() - started;
            if (options.accept(res.statusCode, text)) latencies.push(took);
            else {
              failures += 1;
              firstFailure ??= `HTTP ${res.statusCode}: ${text.slice(0, 200)}`;
            }
          } catch (err) {
            failures += 1;
            firstFailure ??= err instanceof Error ? err.message : String(err);
          }
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      return { latencies, failures, firstFailure, wallMs: performance.now() - started };
    },
    close: () => pool.close(),
  };
}
