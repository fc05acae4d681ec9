import type { ServerResponse } from 'node:http';
import { send } from '../lib/http-response.js';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

/** GET /healthz: the process is up and serving. */
export function healthz(_req: unknown, res: ServerResponse): void {
  send(res, 200, JSON.stringify({ status: 'ok' }), 'application/json');
}

/** GET /readyz: every dependency (Slack auth, Redis when configured) answers. */
export function readyz(checks: readonly ReadinessCheck[], timeoutMs = 2000) {
  return async (_req: unknown, res: ServerResponse) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        const timeout = new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(false), timeoutMs).unref(),
        );
        const ok = await Promise.race([c.check().catch(() => false), timeout]);
        return [c.name, ok ? 'ok' : 'unavailable'] as const;
      }),
    );
    const ready = results.every(([, v]) => v === 'ok');
    send(
      res,
      ready ? 200 : 503,
      JSON.stringify({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) }),
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
