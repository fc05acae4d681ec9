import type { StateStore } from '../approvals/store.js';
import type { JobRunner } from '../jobs/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Provider, ProviderName } from '../providers/types.js';
import type { Notifier } from './notifier.js';

export interface WorkflowSettings {
  pollIntervalMs: number;
  timeoutMs: number;
  /** Minimum time between two edits of a request's progress message. */
  progressEveryMs: number;
  /** How long a write of what the cloud did waits for an unreachable store (default 60 s). */
  storeWaitMs?: number;
  /** How long a replica holds the claim to post a summary before another may (default 30 s). */
  summaryLeaseMs?: number;
}

export interface WorkflowDeps {
  store: StateStore;
  providers: ReadonlyMap<ProviderName, Provider>;
  jobs: JobRunner;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  settings: WorkflowSettings;
}
