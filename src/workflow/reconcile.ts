import { markKeys } from '../approvals/once-keys.js';
import type { StopRequest } from '../approvals/types.js';
import { describeError } from '../errors.js';
import { jobIds } from '../jobs/job-ids.js';
import { withRequest } from '../lib/request-context.js';
import type { WorkflowDeps } from './deps.js';
import { runExpire } from './expire.js';
import { scheduleTrack } from './schedule.js';

/** An approved request whose targets are still not with the provider after this long is worth a warning. */
const STUCK_AFTER_MS = 5 * 60_000;

/**
 * Re-drive work a dead replica may have left behind (say, it died between the
 * atomic approve and enqueuing the stop job, or a tracking round failed for
 * good). Every step is idempotent, so every replica may run this at any time:
 * - approved, some target not yet handed to the provider (pending or
 *   submitting): enqueue `stop-<id>`. A no-op while that job exists; run-stop
 *   claims only pending targets and re-checks submitting ones by status first.
 * - approved, every target handed over: enqueue the round after the last one
 *   that started. That is the job ID a live tracking chain uses next, so a live
 *   chain absorbs it and a dead one starts again.
 * - pending past its expiry (its expire job was lost): expire it now.
 */
export async function reconcile(deps: WorkflowDeps): Promise<{ checked: number; failed: number }> {
  const ids = await deps.store.listActive();
  let failed = 0;
  for (const id of ids) {
    try {
      await withRequest(id, () => reconcileOne(deps, id));
    } catch (err) {
      failed += 1;
      deps.logger.warn({ requestId: id, err: describeError(err) }, 'reconcile: request skipped this pass');
    }
  }
  return { checked: ids.length, failed };
}

async function reconcileOne(deps: WorkflowDeps, id: string): Promise<void> {
  const request = await deps.store.getRequest(id);
  if (!request) return;
  const now = deps.clock.now();
  if (request.state === 'pending') {
    if (now >= request.expiresAt) await runExpire(deps, id);
    return;
  }
  if (request.state !== 'approved') return;
  if (await notYetSubmitted(deps, request)) {
    if (now - (request.decidedAt ?? now) > STUCK_AFTER_MS) {
      deps.logger.warn(
        { requestId: id },
        'reconcile: approved request still has targets not sent to the provider',
      );
    }
    await deps.jobs.enqueue('stop', { requestId: id }, { id: jobIds.stop(id) });
    return;
  }
  const lastRound = (await deps.store.getMark(markKeys.trackRound(id))) ?? 0;
  await scheduleTrack(deps, id, lastRound + 1);
}

async function notYetSubmitted(deps: WorkflowDeps, request: StopRequest): Promise<boolean> {
  const outcomes = await deps.store.getOutcomes(request.id);
  return request.targets.some((m) => {
    const state = outcomes[m.id]?.state;
    return state === 'pending' || state === 'submitting';
  });
}
