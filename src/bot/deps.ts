import type { WebClient } from '@slack/web-api';
import type { Policy } from '../approvals/policy.js';
import type { StateStore } from '../approvals/store.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Provider, ProviderName } from '../providers/types.js';
import type { Notifier } from '../workflow/notifier.js';
import type { Workflow } from '../workflow/workflow.js';
import type { PacedSlack } from './pacing/paced-slack.js';
import type { Permalinks } from './permalink.js';

export interface BotDeps {
  client: WebClient;
  /** Posts and edits, paced by the shared Slack budget. */
  slack: PacedSlack;
  store: StateStore;
  policy: Policy;
  providers: ReadonlyMap<ProviderName, Provider>;
  workflow: Workflow;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  newId: () => string;
  settings: { maxTargets: number; maxTagMatches: number; expiresInMs: number; notify: 'none' | 'dm' };
  permalink: Permalinks;
}

/** How a listener replies to one person: ephemeral, via the payload's response_url. */
export type Reply = (text: string) => Promise<void>;
