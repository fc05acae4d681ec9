import type { StopRequest } from '../approvals/types.js';
import { jobIds } from '../jobs/job-ids.js';
import type { JobData } from '../jobs/types.js';
import type { WorkflowDeps } from './deps.js';
import type { IncidentEvent, NoticeOutcome, Outcomes } from './notifier.js';

/**
 * Nothing people must see is dropped: a card or incident notice that Slack
 * refused for now (429 past the posting layer's bound, 5xx, no answer) is
 * posted again by a durable job, with a growing delay, up to NOTICE_ATTEMPTS
 * times; then the failure is logged as an error naming the cause, and for a
 * card the requester is told, privately, why nothing will happen.
 */
export const NOTICE_ATTEMPTS = 8;
const delayFor = (attempt: number) => Math.min(2 ** attempt * 1000, 60_000);

type NoticeKind = 'card' | IncidentEvent;
const KINDS: readonly string[] = ['card', 'requested', 'approved', 'rejected', 'expired', 'finished'];
const isKind = (k: string | undefined): k is NoticeKind => k !== undefined && KINDS.includes(k);

/** Queue attempt `attempt` (1 = the first retry) of a notice. */
export async function noticeLater(
  deps: WorkflowDeps,
  requestId: string,
  kind: NoticeKind,
  attempt: number,
): Promise<void> {
  await deps.jobs.enqueue(
    'notice',
    { requestId, notice: kind, attempt },
    { id: jobIds.notice(requestId, kind, attempt), delayMs: delayFor(attempt) },
  );
}

/** An incident notice now; refused for now → a notice job. */
export async function showIncident(
  deps: WorkflowDeps,
  event: IncidentEvent,
  request: StopRequest,
  outcomes?: Outcomes,
): Promise<void> {
  const res = await deps.notifier.incident(event, request, outcomes);
  if (res.kind === 'later') await noticeLater(deps, request.id, event, 1);
}

async function settle(
  deps: WorkflowDeps,
  request: StopRequest,
  kind: NoticeKind,
  attempt: number,
  res: NoticeOutcome,
): Promise<void> {
  if (res.kind !== 'later' && res.kind !== 'refused') return;
  if (res.kind === 'later' && attempt < NOTICE_ATTEMPTS)
    return noticeLater(deps, request.id, kind, attempt + 1);
  deps.logger.error(
    { requestId: request.id, notice: kind, attempts: attempt, code: res.reason },
    `Slack did not take the ${kind === 'card' ? 'card' : `${kind} incident notice`}: ${res.reason}`,
  );
  if (kind === 'card') await deps.notifier.cardLost(request, res.reason);
}

/** The notice job: post again what Slack refused earlier, unless it no longer applies. */
export async function runNotice(deps: WorkflowDeps, data: JobData): Promise<void> {
  const kind = data.notice;
  const attempt = data.attempt ?? 1;
  if (!isKind(kind)) return;
  const request = await deps.store.getRequest(data.requestId);
  if (!request) return;
  if (kind === 'card') {
    // Posted meanwhile, or decided/expired without one: nothing to show any more.
    if (request.card || request.state !== 'pending') return;
    const res = await deps.notifier.postCard(request);
    if (res.kind === 'posted' && res.at) {
      await deps.store.setCard(request.id, res.at);
      await showIncident(deps, 'requested', request);
      return;
    }
    return settle(deps, request, kind, attempt, res);
  }
  const outcomes = kind === 'finished' ? await deps.store.getOutcomes(request.id) : undefined;
  const res = await deps.notifier.incident(kind, request, outcomes);
  await settle(deps, request, kind, attempt, res);
}
