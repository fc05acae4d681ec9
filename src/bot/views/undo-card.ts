import type { KnownBlock } from '@slack/types';
import { operationOfRequest, type StopRequest, type TargetOutcome } from '../../approvals/types.js';
import { ACTION_UNDO } from './action-ids.js';
import { plural } from './text.js';

/**
 * The Start again (undo) pieces of the request card and the summary: the
 * button on a finished stop, the note once a start request exists, and the
 * words of a start request.
 */

type Outcomes = Readonly<Record<string, TargetOutcome>>;

/** How many of a stop request's machines it stopped (what a start request would bring back). */
export function stoppedCount(request: StopRequest, outcomes: Outcomes): number {
  return request.targets.filter((m) => outcomes[m.id]?.state === 'stopped').length;
}

/** The Start again button: on a finished stop that stopped at least one machine and is not undone yet. */
export function undoControls(request: StopRequest, outcomes: Outcomes | undefined): KnownBlock[] {
  if (operationOfRequest(request) !== 'stop' || request.state !== 'done' || request.undoneBy) return [];
  const stopped = outcomes ? stoppedCount(request, outcomes) : 0;
  if (stopped === 0) return [];
  return [
    {
      type: 'actions',
      block_id: 'undo_actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_UNDO,
          text: { type: 'plain_text', text: 'Start again' },
          value: request.id,
        },
      ],
    },
  ];
}

/** On a stop request's card once a start request undoes it. */
export function undoneNote(request: StopRequest): KnownBlock[] {
  if (!request.undoneBy) return [];
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `↩️ Start again requested: *${request.undoneBy}*` }],
    },
  ];
}

/** "SR-…" as a link to its thread when the link is known. */
export function undoesRef(request: StopRequest): string {
  const id = request.undoes ?? '?';
  return request.undoesLink ? `<${request.undoesLink}|${id}>` : `*${id}*`;
}

/** The first line of a start request's card. */
export function startIntro(request: StopRequest, provider: string): string {
  return `<@${request.requester}> asks to *start again* what ${undoesRef(request)} stopped on *${provider}*: ${plural(request.targets.length, 'machine')}`;
}
