import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CallRecord, ProviderName } from '../domain/types.js';

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
  slackSkipped: Counter<'method'>;
  jobs: Gauge<'state'>;
  /** 1 when the provider's last credentials check was accepted, 0 when the cloud refused them. */
  providerCredentialsOk: Gauge<'provider'>;
  targets: Counter<'provider' | 'outcome'>;
  observeCall(provider: ProviderName, call: CallRecord): void;
}

interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(spec: MetricSpec<L>) => new Counter<L>({ ...spec, registers });
  const histogram = <L extends string>(spec: MetricSpec<L> & { buckets: number[] }) =>
    new Histogram<L>({ ...spec, registers });

  const providerCalls = counter({
    name: 'stopbot_provider_calls_total',
    help: 'Provider API calls by operation and error code ("ok" when it succeeded)',
    labelNames: ['provider', 'operation', 'code'],
  });
  const providerLatency = histogram({
    name: 'stopbot_provider_call_seconds',
    help: 'Provider API call latency',
    labelNames: ['provider', 'operation'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return {
    registry,
    requests: counter({
      name: 'stopbot_requests_total',
      help: 'Stop requests by provider and outcome (created, approved, rejected, expired, done)',
      labelNames: ['provider', 'outcome'],
    }),
    clicksRefused: counter({
      name: 'stopbot_clicks_refused_total',
      help: 'Approve/Reject clicks refused, by reason',
      labelNames: ['reason'],
    }),
    timeToApproval: histogram({
      name: 'stopbot_time_to_approval_seconds',
      help: 'From request to approval',
      labelNames: ['provider'],
      buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    }),
    timeToStopped: histogram({
      name: 'stopbot_approval_to_stopped_seconds',
      help: 'From approval to each target stopped',
      labelNames: ['provider'],
      buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
    }),
    providerCalls,
    providerLatency,
    slackErrors: counter({
      name: 'stopbot_slack_api_errors_total',
      help: 'Slack Web API calls that failed, by method and error',
      labelNames: ['method', 'code'],
    }),
    slackRateLimitWaits: counter({
      name: 'stopbot_slack_rate_limit_waits_total',
      help: 'Times the Slack client waited on a 429 Retry-After',
      labelNames: ['method'],
    }),
    slackSkipped: counter({
      name: 'stopbot_slack_progress_skipped_total',
      help: 'Progress posts and edits skipped because the Slack budget was busy with what must be seen',
      labelNames: ['method'],
    }),
    jobs: new Gauge({
      name: 'stopbot_jobs',
      help: 'Jobs by state (waiting, active, delayed)',
      labelNames: ['state'] as const,
      registers,
    }),
    providerCredentialsOk: new Gauge({
      name: 'stopbot_provider_credentials_ok',
      help: 'Whether the cloud accepted the provider credentials at the last check (1) or refused them (0)',
      labelNames: ['provider'] as const,
      registers,
    }),
    targets: counter({
      name: 'stopbot_targets_total',
      help: 'Targets by final outcome',
      labelNames: ['provider', 'outcome'],
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
