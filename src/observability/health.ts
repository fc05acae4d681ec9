import type { ServerResponse } from 'node:http';
import { send } from '../lib/http-response.js';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  /** true/false for ok/unavailable, or a status word of its own ("refused", "unchecked"…). */
  check(): Promise<boolean | { status: string; ok: boolean }>;
  /** Shown in `checks` but never makes /readyz answer 503 (default false). */
  informational?: boolean;
}

/**
 * A check answered from a cache for `ttlMs`, so probes every few seconds do
 * not each call the dependency (Slack's auth.test has a rate limit). Calls
 * made while one is in flight share it.
 */
export function cachedCheck(
  check: () => Promise<boolean>,
  ttlMs: number,
  now: () => number,
): () => Promise<boolean> {
  let last: { at: number; ok: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.ok);
    inFlight ??= check()
      .catch(() => false)
      .then((ok) => {
        last = { at: now(), ok };
        return ok;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/** GET /healthz: the process is up and serving. */
export function healthz(_req: unknown, res: ServerResponse): void {
  send(res, 200, JSON.stringify({ status: 'ok' }), 'application/json');
}

/** GET /readyz: every dependency (Slack auth, Redis when configured) answers; informational checks are shown only. */
export function readyz(checks: readonly ReadinessCheck[], timeoutMs = 2000) {
  return async (_req: unknown, res: ServerResponse) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        const timeout = new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(false), timeoutMs).unref(),
        );
        const answer = await Promise.race([c.check().catch(() => false), timeout]);
        const { status, ok } =
          typeof answer === 'boolean' ? { status: answer ? 'ok' : 'unavailable', ok: answer } : answer;
        return { name: c.name, status, counts: !c.informational, ok };
      }),
    );
    const ready = results.every((r) => r.ok || !r.counts);
    send(
      res,
      ready ? 200 : 503,
      JSON.stringify({
        status: ready ? 'ready' : 'not ready',
        checks: Object.fromEntries(results.map((r) => [r.name, r.status])),
      }),
      'application/json',
    );
  };
}

/** GET /metrics in Prometheus text format. */
export function metricsRoute(metrics: Metrics, refresh?: () => Promise<void>) {
  return async (_req: unknown, res: ServerResponse) => {
    await refresh?.().catch(() => undefined);
    send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  };
}
