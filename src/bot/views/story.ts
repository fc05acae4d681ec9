import {
  type AuditEvent,
  operationOfRequest,
  type StopRequest,
  type TargetOutcome,
} from '../../approvals/types.js';
import { outcomeLine, tally, tallyText } from './machine-lines.js';
import { tagSelectionLine } from './tag-selection.js';
import { escapeText, fitLines, providerLabel, slackDate } from './text.js';

type Outcomes = Readonly<Record<string, TargetOutcome>>;
const TEXT_MAX = 3800;

/** Why a click was refused, in plain words (the store's refusal codes). */
const REFUSED: Readonly<Record<string, string>> = {
  self_approval: 'they asked for it and may not approve it themselves',
  not_allowed: 'they are not an approver',
  already_decided: 'it was already decided',
  expired: 'it had expired',
  not_pending: 'it was no longer waiting',
  stale: 'the card had changed since they saw it',
  not_found: 'the request was not found',
};

const id = (user: unknown) =>
  typeof user === 'string' && /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : 'someone';

/** One line per audit event worth telling; provider calls are summed up. */
function eventLines(audit: readonly AuditEvent[]): string[] {
  const lines: string[] = [];
  let calls = 0;
  let failedCalls = 0;
  for (const e of audit) {
    const when = slackDate(e.at);
    const d = e.detail ?? {};
    if (e.type === 'click_approve' || e.type === 'click_reject') {
      const verb = e.type === 'click_approve' ? 'approve' : 'reject';
      const retry = typeof d.retry === 'number' ? ' (a redelivered click)' : '';
      if (d.allowed === false) {
        const why = REFUSED[String(d.reason)] ?? escapeText(String(d.reason ?? 'not allowed'));
        lines.push(`• ${when} ${id(e.actor)} clicked ${verb}: refused, ${why}${retry}`);
      } else lines.push(`• ${when} ${id(e.actor)} clicked ${verb}: accepted${retry}`);
    } else if (e.type === 'mode')
      lines.push(`• ${when} ${id(e.actor)} set the shutdown type to ${escapeText(String(d.mode))}`);
    else if (e.type === 'expired') lines.push(`• ${when} expired without a decision`);
    else if (e.type === 'stop_submitted') lines.push(`• ${when} stop call made`);
    else if (e.type === 'start_submitted') lines.push(`• ${when} start call made`);
    else if (e.type === 'undo_requested')
      lines.push(
        `• ${when} ${id(e.actor)} asked to start again what it stopped (${escapeText(String(d.startRequest))})`,
      );
    else if (e.type === 'finished') lines.push(`• ${when} finished`);
    else if (e.type === 'provider_call') {
      calls++;
      if (d.ok === false) failedCalls++;
    }
  }
  if (calls) lines.push(`• ${calls} call${calls === 1 ? '' : 's'} to the cloud, ${failedCalls} failed`);
  return lines;
}

/**
 * `/stop status <id>`: the whole story of a request from its audit trail —
 * who asked, who decided, each refused click and why, each target's outcome.
 */
export function storyMessage(
  request: StopRequest,
  outcomes: Outcomes,
  audit: readonly AuditEvent[],
  /** A line naming the request's other half: the start request that undoes it, or the stop it undoes. */
  related?: string,
): { text: string } {
  const op = operationOfRequest(request);
  const kind = op === 'start' ? 'Start request ' : '';
  const head = `*${kind}${request.id}* (${escapeText(providerLabel(request.provider))}) is *${request.state}*: ${tallyText(tally(request.targets, outcomes, op))}${related ? `\n${related}` : ''}`;
  const mode = op === 'start' ? '' : ` · mode ${request.mode}`;
  const asked = `Asked by <@${request.requester}> ${slackDate(request.createdAt)} in <#${request.channel}>${mode} · reason: ${request.reason ? escapeText(request.reason) : '_none given_'}`;
  const decided =
    request.decidedBy && request.decidedAt
      ? `${request.state === 'rejected' ? 'Rejected' : 'Approved'} by <@${request.decidedBy}> ${slackDate(request.decidedAt)}`
      : request.state === 'expired'
        ? `Expired ${slackDate(request.expiresAt)} without a decision`
        : `Not decided yet · expires ${slackDate(request.expiresAt)}`;
  const history = eventLines(audit);
  const targets = request.targets.map((m) => outcomeLine(m, outcomes[m.id], request.decidedAt));
  const tagged = tagSelectionLine(request);
  const budget = TEXT_MAX - head.length - asked.length - (tagged?.length ?? 0) - decided.length - 60;
  const parts = [head, asked, ...(tagged ? [tagged] : []), decided];
  if (history.length) parts.push(`*What happened:*\n${fitLines(history, Math.floor(budget / 2), 30)}`);
  parts.push(`*Targets:*\n${fitLines(targets, Math.floor(budget / 2), 40)}`);
  return { text: parts.join('\n') };
}
