import type { RefusalReason, StopRequest } from '../../approvals/types.js';
import { slackDate } from './text.js';

/** What the clicker is told when the store refused their click. */
export function refusalText(reason: RefusalReason, request: StopRequest | undefined, action: string): string {
  const by = request?.decidedBy ? ` by <@${request.decidedBy}>` : '';
  switch (reason) {
    case 'already_decided':
      if (request?.state === 'expired') return 'This request was already expired. Nothing changed.';
      // A finished request was approved first: say so, not "already done".
      if (request?.state === 'done')
        return `This request was already approved${by} and has finished. Nothing changed.`;
      return `This request was already ${request?.state}${by}. Nothing changed.`;
    case 'expired':
      return `This request expired ${request ? slackDate(request.expiresAt) : ''}. Ask again with /stop if it is still needed.`;
    case 'self_approval':
      return 'You asked for this stop, so you cannot approve it yourself. Ask another approver.';
    case 'not_found':
      return 'I have no record of this request.';
    case 'too_many_changes':
      return 'The shutdown type of this request was changed too many times; it stays as it is. Ask again with /stop if another type is needed.';
    case 'stale':
      return 'The request changed since you saw it; look again at the card before you approve. Nothing changed.';
    default:
      return `You are not allowed to ${action} this request.`;
  }
}
