import { operationOfRequest, type StopRequest } from '../approvals/types.js';
import type { WorkflowDeps } from './deps.js';
import { showCard } from './notices.js';

/**
 * A start request rejected or expired started nothing: its stop request is
 * freed (unlinked atomically, only while it still names this start request),
 * so Start again can be asked once more; the stop's card offers it again.
 */
export async function undoEnded(deps: WorkflowDeps, request: StopRequest): Promise<void> {
  if (operationOfRequest(request) !== 'start' || !request.undoes) return;
  if (request.state !== 'rejected' && request.state !== 'expired') return;
  const stop = await deps.store.unlinkUndo(request.undoes, request.id);
  if (!stop) return;
  await deps.store.appendAudit(stop.id, {
    at: deps.clock.now(),
    type: 'undo_released',
    detail: { startRequest: request.id, state: request.state },
  });
  await showCard(deps, stop, await deps.store.getOutcomes(stop.id));
}
