import { jobIds } from '../jobs/job-ids.js';
import type { WorkflowDeps } from './deps.js';
import { showIncident } from './notice-job.js';
import { showCard } from './notices.js';

/** pending → expired once its time is up: the card loses its buttons and says so. */
export async function runExpire(deps: WorkflowDeps, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const moved = await deps.store.expire(requestId, now);
  if (!moved.ok) {
    // Fired a little early (timer drift): try again at the real expiry.
    const r = moved.request;
    if (r && r.state === 'pending' && r.expiresAt > now) {
      await deps.jobs.enqueue(
        'expire',
        { requestId },
        { id: jobIds.expireAgain(requestId, r.expiresAt), delayMs: r.expiresAt - now },
      );
    }
    return;
  }
  deps.metrics.requests.inc({ provider: moved.request.provider, outcome: 'expired' });
  deps.logger.info({ requestId, provider: moved.request.provider }, 'request expired');
  await deps.store.appendAudit(requestId, { at: now, type: 'expired' });
  await showCard(deps, moved.request);
  await showIncident(deps, 'expired', moved.request);
}
