import { jobIds } from '../jobs/job-ids.js';
import type { WorkflowDeps } from './deps.js';

/** Enqueue tracking round `round` of a request (job IDs make a round run once). */
export function scheduleTrack(deps: WorkflowDeps, requestId: string, round: number, delayMs?: number) {
  return deps.jobs.enqueue(
    'track',
    { requestId, round },
    { id: jobIds.track(requestId, round), delayMs: delayMs ?? deps.settings.pollIntervalMs },
  );
}
