import type { WorkflowDeps } from './deps.js';

/** The mark each tracking round sets when it starts: its round number (read by the reconciler). */
export const trackRoundMark = (requestId: string) => `track-round:${requestId}`;

/** Enqueue tracking round `round` of a request (job IDs make a round run once). */
export function scheduleTrack(deps: WorkflowDeps, requestId: string, round: number, delayMs?: number) {
  return deps.jobs.enqueue(
    'track',
    { requestId, round },
    { id: `track-${requestId}-${round}`, delayMs: delayMs ?? deps.settings.pollIntervalMs },
  );
}
