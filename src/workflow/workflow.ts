import type { StopRequest } from '../approvals/types.js';
import { jobIds } from '../jobs/job-ids.js';
import type { JobHandlers } from '../jobs/types.js';
import { withRequest } from '../lib/request-context.js';
import type { WorkflowDeps } from './deps.js';
import { runExpire } from './expire.js';
import { noticeLater, runNotice, showIncident } from './notice-job.js';
import type { IncidentEvent, Outcomes } from './notifier.js';
import { reconcile } from './reconcile.js';
import { runStop } from './run-stop.js';
import { runTrack } from './run-track.js';

export interface Workflow {
  handlers: JobHandlers;
  /** A new pending request: schedule its expiry. */
  requested(request: StopRequest): Promise<void>;
  /** An approval won: schedule the stop (once, by job ID). */
  approved(request: StopRequest): Promise<void>;
  /** A click found the request past its time: expire it now. */
  expire(requestId: string): Promise<void>;
  /** An incident notice; one Slack refused for now is posted again by a job. */
  incident(event: IncidentEvent, request: StopRequest, outcomes?: Outcomes): Promise<void>;
  /** A card Slack refused for now (429, 5xx): a job posts it when Slack lets it. */
  cardLater(request: StopRequest): Promise<void>;
  /** Re-drive work a dead replica left behind (see reconcile.ts). Idempotent. */
  reconcile(): Promise<{ checked: number; failed: number }>;
}

/** Everything slow happens here, in jobs, after Slack has had its ack. */
export function createWorkflow(deps: WorkflowDeps): Workflow {
  return {
    handlers: {
      stop: ({ requestId }) => withRequest(requestId, () => runStop(deps, requestId)),
      track: ({ requestId, round }) => withRequest(requestId, () => runTrack(deps, requestId, round ?? 1)),
      expire: ({ requestId }) => withRequest(requestId, () => runExpire(deps, requestId)),
      notice: (data) => withRequest(data.requestId, () => runNotice(deps, data)),
    },
    incident: (event, request, outcomes) => showIncident(deps, event, request, outcomes),
    cardLater: (request) => noticeLater(deps, request.id, 'card', 1),
    async requested(request) {
      const delayMs = Math.max(0, request.expiresAt - deps.clock.now());
      await deps.jobs.enqueue(
        'expire',
        { requestId: request.id },
        { id: jobIds.expire(request.id), delayMs },
      );
    },
    expire: (requestId) => withRequest(requestId, () => runExpire(deps, requestId)),
    reconcile: () => reconcile(deps),
    async approved(request) {
      await deps.jobs.enqueue('stop', { requestId: request.id }, { id: jobIds.stop(request.id) });
    },
  };
}
