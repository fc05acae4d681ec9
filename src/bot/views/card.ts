import type { KnownBlock } from '@slack/types';
import { operationOfRequest, type StopRequest, type TargetOutcome } from '../../approvals/types.js';
import type { StopMode } from '../../domain/types.js';
import { ACTION_MODE, actionsBlockId } from './action-ids.js';
import { approveRejectActions } from './approve-buttons.js';
import { machineLabel, outcomeLine, tally, tallyText } from './machine-lines.js';
import { tagSelectionLine } from './tag-selection.js';
import { clip, cloudText, escapeText, fitLines, plural, providerLabel, slackDate } from './text.js';
import { startIntro, undoControls, undoneNote } from './undo-card.js';

const SECTION_MAX = 2900;
const TARGET_LINES = 40;

const modeOption = (mode: StopMode) => ({
  text: {
    type: 'plain_text' as const,
    text: mode === 'SOFT' ? 'SOFT: graceful shutdown' : 'HARD: force power off',
  },
  value: mode,
});

/** Before approval each target's pre-flight status; after it, each target's outcome so far. */
function targetList(request: StopRequest, outcomes?: Readonly<Record<string, TargetOutcome>>): KnownBlock[] {
  const decided = outcomes && (request.state === 'approved' || request.state === 'done');
  const start = operationOfRequest(request) === 'start';
  const lines = request.targets.map((m) =>
    decided
      ? outcomeLine(m, outcomes[m.id], request.decidedAt)
      : `• ${machineLabel(m)} — ${cloudText(m.status)}`,
  );
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*To ${start ? 'start' : 'stop'} (${request.targets.length}):*\n${fitLines(lines, SECTION_MAX - 40, TARGET_LINES)}`,
      },
    },
  ];
  if (request.skipped.length) {
    const skipped = request.skipped.map((m) => `• ${machineLabel(m)} — ${cloudText(m.status)}`);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Already ${start ? 'running' : 'stopped'}, left out (${request.skipped.length}):*\n${fitLines(skipped, SECTION_MAX - 60, 10)}`,
      },
    });
  }
  if (request.gone?.length) {
    const gone = request.gone.map((m) => `• ${machineLabel(m)}`);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*No longer exist, left out (${request.gone.length}):*\n${fitLines(gone, SECTION_MAX - 60, 10)}`,
      },
    });
  }
  return blocks;
}

function pendingControls(request: StopRequest): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (request.modes.length > 1) {
    blocks.push({
      type: 'section',
      block_id: `mode-${request.id}-${request.version}`,
      text: { type: 'mrkdwn', text: '*Shutdown type*' },
      accessory: {
        type: 'radio_buttons',
        action_id: ACTION_MODE,
        options: request.modes.map(modeOption),
        initial_option: modeOption(request.mode),
      },
    });
  }
  blocks.push(
    approveRejectActions(
      actionsBlockId(request.version),
      request.id,
      request.mode === 'HARD',
      request.targets.length,
    ),
  );
  return blocks;
}

/** " by <@U…> or <!subteam^S…>": the mention notifies them (IDs only, checked by the config). */
function approverMentions(request: StopRequest): string {
  const ids = (request.approvers ?? []).filter((id) => /^[UWS][A-Z0-9]{2,}$/.test(id)).slice(0, 20);
  if (ids.length === 0) return '';
  const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);
  return ` from ${ids.map(mention).join(', ')}`;
}

function stateLine(request: StopRequest, outcomes?: Readonly<Record<string, TargetOutcome>>): string {
  const by = request.decidedBy ? `<@${request.decidedBy}>` : '';
  const at = request.decidedAt ? slackDate(request.decidedAt) : '';
  const op = operationOfRequest(request);
  const nothing = op === 'start' ? 'Nothing was started.' : 'Nothing was stopped.';
  const t = outcomes ? tallyText(tally(request.targets, outcomes, op)) : undefined;
  switch (request.state) {
    case 'pending':
      return `⏳ Waiting for approval${approverMentions(request)} · expires ${slackDate(request.expiresAt)}`;
    case 'approved':
      return `✅ Approved by ${by} ${at} · ${t ?? (op === 'start' ? 'starting…' : 'stopping…')}`;
    case 'rejected':
      return `🚫 Rejected by ${by} ${at}${request.rejectReason ? ` · reason: ${escapeText(clip(request.rejectReason, 500))}` : ''}. ${nothing}`;
    case 'expired':
      return `⌛ Expired ${slackDate(request.expiresAt)} without a decision. ${nothing}`;
    case 'done':
      return `🏁 Approved by ${by} ${at} · done: ${t ?? 'see thread'}`;
  }
}

const tagLine = (request: StopRequest) => {
  const line = tagSelectionLine(request);
  return line ? `\n${line}` : '';
};

/** The request card: what, who, why, and (only while pending) the controls. */
export function requestCard(
  request: StopRequest,
  outcomes?: Readonly<Record<string, TargetOutcome>>,
): { text: string; blocks: KnownBlock[] } {
  const provider = providerLabel(request.provider);
  const reason = request.reason ? escapeText(request.reason) : '_no reason given_';
  const start = operationOfRequest(request) === 'start';
  const modeText = request.modes.length > 1 && !start ? ` · mode *${request.mode}*` : '';
  const intro = start
    ? startIntro(request, provider)
    : `<@${request.requester}> asks to stop ${plural(request.targets.length, 'machine')} on *${provider}*${modeText}`;
  const kind = start ? 'Start request' : 'Stop request';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${kind} ${request.id}` } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${intro}\n*Reason:* ${reason}${tagLine(request)}`, SECTION_MAX) },
    },
    ...targetList(request, outcomes),
    ...(request.state === 'pending' ? pendingControls(request) : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: stateLine(request, outcomes) }] },
    ...undoneNote(request),
    ...undoControls(request, outcomes),
  ];
  const what = start
    ? `start again what ${request.undoes} stopped on ${provider}: ${plural(request.targets.length, 'machine')}`
    : `${plural(request.targets.length, 'machine')} on ${provider}`;
  const text = `${kind} ${request.id}: ${what} — ${request.state}`;
  return { text, blocks };
}
