import { markKeys, onceKeys } from '../approvals/once-keys.js';
import type { StopRequest } from '../approvals/types.js';
import { SlackPostError } from '../errors.js';
import { jobIds } from '../jobs/job-ids.js';
import type { WorkflowDeps } from './deps.js';
import { showIncident } from './notice-job.js';
import { showCard, showProgress, showSummary } from './notices.js';
import type { Outcomes } from './notifier.js';
import { persist } from './persist.js';

/** How long a replica holds the claim to post a summary before another may take it over. */
export const DEFAULT_SUMMARY_LEASE_MS = 30_000;

const ONCE_TTL = 7 * 86_400_000;

/**
 * approved → done, then the summary, card and incident notice — each exactly
 * once across replicas and retries. A summary that could not be posted gives
 * back its claim, so the next attempt (job retry) posts it; one whose replica
 * died holding the claim is posted by another once the lease runs out.
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
        operation: request.operation ?? 'stop',
        stopped: count('stopped'),
        running: count('running'),
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
  await postSummaryOnce(deps, current, outcomes);
}

/**
 * The summary, card and incident notice under a lease: the replica that takes
 * the summary claim posts, then marks it posted. A replica that dies in between
 * leaves the lease to run out; whoever finds it taken and the summary not yet
 * posted schedules another look after the lease (a track job, which for a done
 * request only finishes it), so the summary is never lost, and is posted once.
 */
async function postSummaryOnce(deps: WorkflowDeps, request: StopRequest, outcomes: Outcomes) {
  const postedMark = markKeys.summaryPosted(request.id);
  if ((await deps.store.getMark(postedMark)) !== null) return;
  const leaseMs = deps.settings.summaryLeaseMs ?? DEFAULT_SUMMARY_LEASE_MS;
  if (!(await deps.store.claimOnce(onceKeys.summary(request.id), leaseMs))) {
    if ((await deps.store.getMark(postedMark)) !== null) return;
    const slot = Math.floor(deps.clock.now() / leaseMs);
    await deps.jobs.enqueue(
      'track',
      { requestId: request.id, round: 0 },
      { id: jobIds.summaryRecheck(request.id, slot), delayMs: leaseMs },
    );
    return;
  }
  deps.logger.debug({ requestId: request.id }, 'summary claimed');
  await showProgress(deps, request, outcomes);
  const posted = await showSummary(deps, request, outcomes);
  if (!posted) {
    await deps.store.releaseOnce(onceKeys.summary(request.id));
    throw new SlackPostError(`summary for ${request.id} could not be posted; will retry`);
  }
  await persist(deps, 'summary posted', () => deps.store.setMark(postedMark, deps.clock.now(), ONCE_TTL));
  await showCard(deps, request, outcomes);
  await showIncident(deps, 'finished', request, outcomes);
}
