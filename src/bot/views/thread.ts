import type { KnownBlock } from '@slack/types';
import { operationOfRequest, type StopRequest, type TargetOutcome } from '../../approvals/types.js';
import { formatDuration } from '../../config/duration.js';
import type { Machine } from '../../domain/types.js';
import { outcomeLine, tally, tallyText } from './machine-lines.js';
import { fitLines, providerLabel } from './text.js';
import { undoControls } from './undo-card.js';

type Outcomes = Readonly<Record<string, TargetOutcome>>;
const SECTION_MAX = 2900;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** The one progress message in the thread, edited in place. */
export function progressMessage(request: StopRequest, outcomes: Outcomes, now: number) {
  const t = tally(request.targets, outcomes, operationOfRequest(request));
  const elapsed = request.decidedAt ? ` · ${formatDuration(now - request.decidedAt)} since approval` : '';
  const text = `Progress: ${tallyText(t)}${elapsed}`;
  return { text, blocks: [section(`🔄 *${text}*`)] };
}

/** One reply per failed target (a single summary line when there are many at once). */
export function failureMessages(
  request: StopRequest,
  failed: readonly Machine[],
  outcomes: Outcomes,
  max = 10,
) {
  const lines = failed.map((m) => outcomeLine(m, outcomes[m.id], undefined));
  if (failed.length <= max) return lines.map((text) => ({ text, blocks: [section(text)] }));
  const verb = operationOfRequest(request) === 'start' ? 'start' : 'stop';
  const text = `❌ ${failed.length} machines failed to ${verb}:\n${fitLines(lines, SECTION_MAX)}`;
  return [{ text: `${failed.length} machines failed to ${verb}`, blocks: [section(text)] }];
}

/** Outcomes ordered worst first, so failures are never the part cut off. */
function ordered(request: StopRequest, outcomes: Outcomes): Machine[] {
  const rank = (m: Machine) => {
    const s = outcomes[m.id]?.state;
    return s === 'failed' ? 0 : s === 'timed_out' ? 1 : s === 'stopped' || s === 'running' ? 3 : 2;
  };
  return [...request.targets].sort((a, b) => rank(a) - rank(b));
}

export function summaryMessage(request: StopRequest, outcomes: Outcomes) {
  const op = operationOfRequest(request);
  const t = tally(request.targets, outcomes, op);
  const took =
    request.decidedAt && request.finishedAt
      ? ` in ${formatDuration(request.finishedAt - request.decidedAt)}`
      : '';
  const head = `Summary for ${request.id} on ${providerLabel(request.provider)}: ${tallyText(t)}${took}`;
  const lines = ordered(request, outcomes).map((m) => outcomeLine(m, outcomes[m.id], request.decidedAt));
  const blocks: KnownBlock[] = [section(`🏁 *${head}*`), section(fitLines(lines, SECTION_MAX, 50))];
  if (request.skipped.length) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${request.skipped.length} already ${op === 'start' ? 'running' : 'stopped'} before the request, left out.`,
        },
      ],
    });
  }
  if (request.gone?.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${request.gone.length} no longer exist, left out.` }],
    });
  }
  // A finished stop offers to start again what it stopped (the request is done when its summary is posted).
  blocks.push(...undoControls({ ...request, state: 'done' }, outcomes));
  return { text: head, blocks };
}
