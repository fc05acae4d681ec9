import { onceKeys } from '../approvals/once-keys.js';
import type { StopRequest } from '../approvals/types.js';
import { SlackPostError } from '../errors.js';
import type { WorkflowDeps } from './deps.js';
import { showIncident } from './notice-job.js';
import { showCard, showProgress, showSummary } from './notices.js';
import type { Outcomes } from './notifier.js';

const ONCE_TTL = 7 * 86_400_000;

/**
 * approved → done, then the summary, card and incident notice — each exactly
 * once across replicas and retries. A summary that could not be posted gives
 * back its claim, so the next attempt (job retry) posts it.
 */
export async function finishRequest(
  deps: WorkflowDeps,
  request: StopRequest,
  /** Outcomes the caller has just read (saves reading every target again). */
  known?: Outcomes,
): Promise<void> {
  const now = deps.clock.now();
  const moved = await deps.store.finish(request.id, now);
  const current = moved.ok ? moved.request : await deps.store.getRequest(request.id);
  if (current?.state !== 'done') return;
  const outcomes = known ?? (await deps.store.getOutcomes(request.id));
  if (moved.ok) {
    deps.metrics.requests.inc({ provider: request.provider, outcome: 'done' });
    const count = (state: string) => Object.values(outcomes).filter((o) => o.state === state).length;
    deps.logger.info(
      {
        requestId: request.id,
        provider: request.provider,
        stopped: count('stopped'),
        failed: count('failed'),
        timedOut: count('timed_out'),
      },
      'request finished',
    );
    await deps.store.appendAudit(request.id, {
      at: now,
      type: 'finished',
      detail: { outcomes: Object.fromEntries(Object.entries(outcomes).map(([k, v]) => [k, v.state])) },
    });
  }
  if (await deps.store.claimOnce(onceKeys.summary(request.id), ONCE_TTL)) {
    await showProgress(deps, current, outcomes);
    const posted = await showSummary(deps, current, outcomes);
    if (!posted) {
      await deps.store.releaseOnce(onceKeys.summary(request.id));
      throw new SlackPostError(`summary for ${request.id} could not be posted; will retry`);
    }
    await showCard(deps, current, outcomes);
    await showIncident(deps, 'finished', current, outcomes);
  }
}
