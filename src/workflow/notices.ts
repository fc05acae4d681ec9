import { onceKeys } from '../approvals/once-keys.js';
import type { StateStore } from '../approvals/store.js';
import type { StopRequest } from '../approvals/types.js';
import type { Machine } from '../domain/types.js';
import type { WorkflowDeps } from './deps.js';
import type { Notifier, Outcomes } from './notifier.js';

/**
 * Whether, and where, to tell people: the state reads and claims around the
 * Notifier's posts. A request without a card has no thread: nothing is posted
 * there (and a summary counts as not posted).
 */
export interface NoticeDeps {
  store: StateStore;
  notifier: Notifier;
}

/** How long the claim to create a request's progress message holds. */
const PROGRESS_POST_TTL = 86_400_000;

/** How long one card edit may hold the card (Slack's timeouts and retries fit inside). */
const CARD_EDIT_TTL = 30_000;
/** Redraws by one holder before it leaves the rest to the next click. */
const CARD_EDIT_ROUNDS = 5;

/**
 * Re-render the card from the request's state. One edit at a time per card,
 * across replicas: a call that finds an edit in flight leaves it to that edit,
 * whose holder re-reads the request after letting go and redraws once more if
 * its version moved on. So a burst of changes costs a few edits, not one each,
 * and the card always ends on the newest version (what an approval must match).
 */
export async function showCard(deps: NoticeDeps, request: StopRequest, outcomes?: Outcomes): Promise<void> {
  const card = request.card;
  if (!card) return;
  const claim = onceKeys.cardEdit(request.id);
  let shown = request;
  let shownOutcomes = outcomes;
  for (let round = 0; round < CARD_EDIT_ROUNDS; round++) {
    if (!(await deps.store.claimOnce(claim, CARD_EDIT_TTL))) return;
    try {
      await deps.notifier.editCard(card, shown, shownOutcomes);
    } finally {
      await deps.store.releaseOnce(claim);
    }
    const fresh = await deps.store.getRequest(request.id);
    if (!fresh || fresh.version === shown.version) return;
    shown = fresh;
    shownOutcomes = fresh.state === 'pending' ? undefined : await deps.store.getOutcomes(fresh.id);
  }
}

/** Create the single progress message in the card's thread, or edit it once it exists. */
export async function showProgress(
  deps: NoticeDeps,
  request: StopRequest,
  outcomes: Outcomes,
): Promise<void> {
  const card = request.card;
  if (!card) return;
  // Set once and never changed: read it fresh only when this copy of the request predates it.
  const existing = request.progress ?? (await deps.store.getRequest(request.id))?.progress;
  if (existing) return deps.notifier.editProgress(existing, request, outcomes);
  // One replica creates the progress message; the others edit it once it exists.
  const claim = onceKeys.progressPost(request.id);
  if (!(await deps.store.claimOnce(claim, PROGRESS_POST_TTL))) return;
  const posted = await deps.notifier.postProgress(card, request, outcomes);
  if (posted) await deps.store.setProgress(request.id, posted);
  else await deps.store.releaseOnce(claim);
}

/** Edit the progress message at most once every progressEveryMs, across replicas. */
export async function showProgressIfDue(
  deps: WorkflowDeps,
  request: StopRequest,
  outcomes: Outcomes,
): Promise<void> {
  // One edit a window across replicas: the first to claim the window edits, the others skip it
  // (a read then a write would let two replicas edit at the same moment).
  const every = deps.settings.progressEveryMs;
  if (every > 0 && !(await deps.store.claimOnce(onceKeys.progressEdit(request.id), every))) return;
  await showProgress(deps, request, outcomes);
}

/** Thread replies for targets that just failed. */
export async function showFailures(
  deps: NoticeDeps,
  request: StopRequest,
  failed: readonly Machine[],
  outcomes: Outcomes,
): Promise<void> {
  if (failed.length === 0 || !request.card) return;
  await deps.notifier.failures(request.card, request, failed, outcomes);
}

/** The final summary in the thread; false when it could not be posted. */
export async function showSummary(
  deps: NoticeDeps,
  request: StopRequest,
  outcomes: Outcomes,
): Promise<boolean> {
  if (!request.card) return false;
  return deps.notifier.summary(request.card, request, outcomes);
}
