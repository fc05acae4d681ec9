import type { MessageRef, StopRequest, TargetOutcome } from '../approvals/types.js';
import type { Machine } from '../domain/types.js';

export type Outcomes = Readonly<Record<string, TargetOutcome>>;
export type IncidentEvent = 'requested' | 'approved' | 'rejected' | 'expired' | 'finished';

/**
 * What became of a notice people must see: posted; nothing to post (no
 * incident channel); refused for now (429 past the bound, 5xx, no answer: a
 * later attempt may land; `reason` names it); or refused for good.
 */
export type NoticeOutcome =
  | { kind: 'posted'; at?: MessageRef }
  | { kind: 'none' }
  | { kind: 'later' | 'refused'; reason: string };

/**
 * How the workflow's news reaches people: each method renders one message and
 * posts or edits it where it is told, nothing more. The bot implements it with
 * Slack; the workflow knows nothing of Slack, and decides whether and where to
 * post (see notices.ts). Every method reports its own failures (logs,
 * metrics) and resolves: a lost post never stops the stop.
 */
export interface Notifier {
  /** Edit the card at `card` to show the request as it is (never stale buttons). */
  editCard(card: MessageRef, request: StopRequest, outcomes?: Outcomes): Promise<void>;
  /** Post the progress message in `thread`; where it landed, or undefined when it could not be posted. */
  postProgress(thread: MessageRef, request: StopRequest, outcomes: Outcomes): Promise<MessageRef | undefined>;
  /** Edit the progress message at `message`. */
  editProgress(message: MessageRef, request: StopRequest, outcomes: Outcomes): Promise<void>;
  /** Replies in `thread` for targets that just failed. */
  failures(
    thread: MessageRef,
    request: StopRequest,
    failed: readonly Machine[],
    outcomes: Outcomes,
  ): Promise<void>;
  /** The final summary in `thread`. Returns false when it could not be posted. */
  summary(thread: MessageRef, request: StopRequest, outcomes: Outcomes): Promise<boolean>;
  /** A notice in the incident channel, when one is configured. */
  incident(event: IncidentEvent, request: StopRequest, outcomes?: Outcomes): Promise<NoticeOutcome>;
  /** The request's card, in its channel; `at` is where it landed. */
  postCard(request: StopRequest): Promise<NoticeOutcome>;
  /** Tell the requester, privately, that their card could not be posted and why. */
  cardLost(request: StopRequest, reason: string): Promise<void>;
}
