import {
  type AuditEvent,
  operationOfRequest,
  type RequestHistory,
  type StopRequest,
  type TargetOutcome,
} from '../../approvals/types.js';
import { outcomeLine, tally, tallyText } from './machine-lines.js';
import { tagSelectionLine } from './tag-selection.js';
import { escapeText, fitLines, providerLabel, slackDate } from './text.js';

type Outcomes = Readonly<Record<string, TargetOutcome>>;
const TEXT_MAX = 3800;
/** Refused clicks told one by one; the rest are counted by reason. */
const REFUSED_SHOWN = 5;
/** Target lines shown; the rest are counted and left to the card and its thread. */
export const STORY_TARGET_LINES = 40;

/** Why a click was refused, in plain words (the store's refusal codes). */
const REFUSED: Readonly<Record<string, string>> = {
  self_approval: 'they asked for it and may not approve it themselves',
  not_allowed: 'they are not an approver',
  already_decided: 'it was already decided',
  expired: 'it had expired',
  not_pending: 'it was no longer waiting',
  stale: 'the card had changed since they saw it',
  not_found: 'the request was not found',
  mode_rate: 'they changed the shutdown type too fast',
};
const why = (reason: unknown) =>
  REFUSED[String(reason)] ?? escapeText(String(reason ?? 'not allowed').slice(0, 60));

const id = (user: unknown) =>
  typeof user === 'string' && /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : 'someone';

const verbOf = (type: string) =>
  type === 'click_approve' ? 'approve' : type === 'click_reject' ? 'reject' : 'the shutdown type';

/** A refused click or mode change: kept events carry `refused` (older ones only detail.allowed). */
function refusalOf(e: AuditEvent): string | undefined {
  if (e.refused !== undefined) return e.refused;
  if (e.detail?.allowed === false) return String(e.detail.reason ?? 'not_allowed');
  return undefined;
}

/**
 * One line per event worth telling, oldest first; provider calls are summed up,
 * and refused clicks beyond the first few (and those the store only counted)
 * are summed up by reason, so a flood never hides who decided.
 */
function eventLines(history: RequestHistory): string[] {
  const lines: string[] = [];
  const moreRefused = new Map<string, number>();
  let refusedShown = 0;
  let calls = 0;
  let failedCalls = 0;
  for (const e of history.events) {
    const when = slackDate(e.at);
    const d = e.detail ?? {};
    const refused = refusalOf(e);
    if (refused !== undefined && (e.type.startsWith('click_') || e.type === 'mode')) {
      if (refusedShown < REFUSED_SHOWN) {
        refusedShown++;
        const retry = typeof d.retry === 'number' ? ' (a redelivered click)' : '';
        const what = e.type === 'mode' ? 'tried to change the shutdown type' : `clicked ${verbOf(e.type)}`;
        lines.push(`• ${when} ${id(e.actor)} ${what}: refused, ${why(refused)}${retry}`);
      } else moreRefused.set(refused, (moreRefused.get(refused) ?? 0) + 1);
      continue;
    }
    if (e.type === 'click_approve' || e.type === 'click_reject') {
      const retry = typeof d.retry === 'number' ? ' (a redelivered click)' : '';
      const reason = typeof d.rejectReason === 'string' ? ` (reason: ${escapeText(d.rejectReason)})` : '';
      lines.push(`• ${when} ${id(e.actor)} clicked ${verbOf(e.type)}: accepted${retry}${reason}`);
    } else if (e.type === 'requested') lines.push(`• ${when} ${id(e.actor)} asked for it`);
    else if (e.type === 'mode')
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
  for (const [key, n] of Object.entries(history.refusedNotKept)) {
    const reason = key.slice(key.indexOf(':') + 1);
    moreRefused.set(reason, (moreRefused.get(reason) ?? 0) + n);
  }
  const more = [...moreRefused.values()].reduce((a, b) => a + b, 0);
  if (more) {
    const reasons = [...moreRefused].map(([r, n]) => `${n} because ${why(r)}`).join('; ');
    lines.push(`• ${more} more refused click${more === 1 ? '' : 's'}: ${reasons}`);
  }
  if (calls) lines.push(`• ${calls} call${calls === 1 ? '' : 's'} to the cloud, ${failedCalls} failed`);
  return lines;
}

/** Target lines, at most STORY_TARGET_LINES; the rest are counted and left to the card. */
function targetLines(lines: readonly string[], max: number): string {
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (shown.length >= STORY_TARGET_LINES || used + line.length + 1 > max - 60) break;
    shown.push(line);
    used += line.length + 1;
  }
  const left = lines.length - shown.length;
  if (left) shown.push(`…and ${left} more (see the card and its thread)`);
  return shown.join('\n');
}

/**
 * `/stop status <id>`: the whole story of a request from its own history —
 * who asked, who decided, each refused click and why, each target's outcome.
 */
export function storyMessage(
  request: StopRequest,
  outcomes: Outcomes,
  history: RequestHistory,
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
      ? `${request.state === 'rejected' ? 'Rejected' : 'Approved'} by <@${request.decidedBy}> ${slackDate(request.decidedAt)}${request.rejectReason ? ` · reason: ${escapeText(request.rejectReason)}` : ''}`
      : request.state === 'expired'
        ? `Expired ${slackDate(request.expiresAt)} without a decision`
        : `Not decided yet · expires ${slackDate(request.expiresAt)}`;
  const events = eventLines(history);
  const targets = request.targets.map((m) => outcomeLine(m, outcomes[m.id], request.decidedAt));
  const tagged = tagSelectionLine(request);
  const budget = TEXT_MAX - head.length - asked.length - (tagged?.length ?? 0) - decided.length - 60;
  const parts = [head, asked, ...(tagged ? [tagged] : []), decided];
  if (events.length) parts.push(`*What happened:*\n${fitLines(events, Math.floor(budget / 2), 30)}`);
  parts.push(`*Targets:*\n${targetLines(targets, Math.floor(budget / 2))}`);
  return { text: parts.join('\n') };
}
