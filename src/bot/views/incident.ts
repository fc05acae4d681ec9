import { operationOfRequest, type StopRequest, type TargetOutcome } from '../../approvals/types.js';
import { tally, tallyText } from './machine-lines.js';
import { clip, escapeText, plural, providerLabel } from './text.js';

export type IncidentEvent = 'requested' | 'approved' | 'rejected' | 'expired' | 'finished';

const NAMED = 5;

/** "`web-1`, `web-2` and 8 more": the targets named, summarised when long. */
export function targetSummary(request: StopRequest): string {
  const names = request.targets.slice(0, NAMED).map((m) => `\`${escapeText(clip(m.name, 60))}\``);
  const more = request.targets.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}

/** One line for the incident channel per milestone; `link` is the card's permalink when known. */
export function incidentMessage(
  event: IncidentEvent,
  request: StopRequest,
  outcomes?: Readonly<Record<string, TargetOutcome>>,
  link?: string,
): { text: string } {
  const what = `${plural(request.targets.length, 'machine')} on ${providerLabel(request.provider)} (${targetSummary(request)})`;
  const id = link ? `*<${link}|${request.id}>*` : `*${request.id}*`;
  const op = operationOfRequest(request);
  const start = op === 'start';
  const nothing = start ? 'nothing was started' : 'nothing was stopped';
  switch (event) {
    case 'requested':
      return {
        text: start
          ? `▶️ ${id}: <@${request.requester}> asked to start again what *${request.undoes}* stopped: ${what}. Reason: ${escapeText(request.reason || 'none given')}`
          : `🛑 ${id}: <@${request.requester}> requested a stop of ${what}. Reason: ${escapeText(request.reason || 'none given')}`,
      };
    case 'approved':
      return {
        text: start
          ? `✅ ${id} approved by <@${request.decidedBy}>; starting ${what}.`
          : `✅ ${id} approved by <@${request.decidedBy}> (${request.mode}); stopping ${what}.`,
      };
    case 'rejected':
      return {
        text: `🚫 ${id} rejected by <@${request.decidedBy}>${request.rejectReason ? ` (reason: ${escapeText(clip(request.rejectReason, 500))})` : ''}; ${nothing}.`,
      };
    case 'expired':
      return { text: `⌛ ${id} expired without a decision; ${nothing}.` };
    case 'finished':
      return { text: `🏁 ${id} finished: ${tallyText(tally(request.targets, outcomes ?? {}, op))}.` };
  }
}
