import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CallRecord, ProviderName } from '../providers/types.js';

/** Every metric stopbot exports, on one registry. Labels never carry user text or secrets. */
export interface Metrics {
  registry: Registry;
  requests: Counter<'provider' | 'outcome'>;
  clicksRefused: Counter<'reason'>;
  timeToApproval: Histogram<'provider'>;
  timeToStopped: Histogram<'provider'>;
  providerCalls: Counter<'provider' | 'operation' | 'code'>;
  providerLatency: Histogram<'provider' | 'operation'>;
  slackErrors: Counter<'method' | 'code'>;
  slackRateLimitWaits: Counter<'method'>;
  jobs: Gauge<'state'>;
  targets: Counter<'provider' | 'outcome'>;
  observeCall(provider: ProviderName, call: CallRecord): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const providerCalls = new Counter({
    name: 'stopbot_provider_calls_total',
    help: 'Provider API calls by operation and error code ("ok" when it succeeded)',
    labelNames: ['provider', 'operation', 'code'] as const,
    registers,
  });
  const providerLatency = new Histogram({
    name: 'stopbot_provider_call_seconds',
    help: 'Provider API call latency',
    labelNames: ['provider', 'operation'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  return {
    registry,
    requests: new Counter({
      name: 'stopbot_requests_total',
      help: 'Stop requests by provider and outcome (created, approved, rejected, expired, done)',
      labelNames: ['provider', 'outcome'] as const,
      registers,
    }),
    clicksRefused: new Counter({
      name: 'stopbot_clicks_refused_total',
      help: 'Approve/Reject clicks refused, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    timeToApproval: new Histogram({
      name: 'stopbot_time_to_approval_seconds',
      help: 'From request to approval',
      labelNames: ['provider'] as const,
      buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
    timeToStopped: new Histogram({
      name: 'stopbot_approval_to_stopped_seconds',
      help: 'From approval to each target stopped',
      labelNames: ['provider'] as const,
      buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    providerCalls,
    providerLatency,
    slackErrors: new Counter({
      name: 'stopbot_slack_api_errors_total',
      help: 'Slack Web API calls that failed, by method and error',
      labelNames: ['method', 'code'] as const,
      registers,
    }),
    slackRateLimitWaits: new Counter({
      name: 'stopbot_slack_rate_limit_waits_total',
      help: 'Times the Slack client waited on a 429 Retry-After',
      labelNames: ['method'] as const,
      registers,
    }),
    jobs: new Gauge({
      name: 'stopbot_jobs',
      help: 'Jobs by state (waiting, active, delayed)',
      labelNames: ['state'] as const,
      registers,
    }),
    targets: new Counter({
      name: 'stopbot_targets_total',
      help: 'Targets by final outcome',
      labelNames: ['provider', 'outcome'] as const,
      registers,
    }),
    observeCall(provider, call) {
      providerCalls.inc({
        provider,
        operation: call.operation,
        code: call.ok ? 'ok' : (call.code ?? 'error'),
      });
      providerLatency.observe({ provider, operation: call.operation }, call.ms / 1000);
    },
  };
}
