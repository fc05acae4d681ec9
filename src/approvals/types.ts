import type { Machine, Operation, ProviderName, StopMode, TagFilter } from '../domain/types.js';

/**
 * pending ─approve→ approved ─(all targets settled)→ done
 *    ├─reject→ rejected
 *    └─expire→ expired
 * rejected, expired and done are final.
 */
export type RequestState = 'pending' | 'approved' | 'rejected' | 'expired' | 'done';

export const FINAL_STATES: readonly RequestState[] = ['rejected', 'expired', 'done'];

/**
 * pending: not yet sent to the provider.
 * submitting: a worker has claimed it and is calling the provider (or died doing so).
 * stopping / starting: the provider accepted the stop / the start; tracking.
 * stopped / running (a start's end) / failed / timed_out: final.
 */
export type OutcomeState =
  | 'pending'
  | 'submitting'
  | 'stopping'
  | 'stopped'
  | 'starting'
  | 'running'
  | 'failed'
  | 'timed_out';

export const TERMINAL_OUTCOMES: readonly OutcomeState[] = ['stopped', 'running', 'failed', 'timed_out'];

/** What a request does: a stop unless it says otherwise (requests stored before starts existed are stops). */
export const operationOfRequest = (r: Pick<StopRequest, 'operation'>): Operation => r.operation ?? 'stop';

export function isTerminalOutcome(state: OutcomeState): boolean {
  return TERMINAL_OUTCOMES.includes(state);
}

export interface TargetOutcome {
  state: OutcomeState;
  /** The provider's status word last seen. */
  status?: string;
  /** Why it failed or timed out, in the provider's words. */
  reason?: string;
  /** When it reached this state (ms since epoch). */
  at: number;
}

export interface MessageRef {
  channel: string;
  ts: string;
}

/** How a request selected machines by tag (kept for the card and the audit). */
export interface TagSelection {
  /** The `--tag` filters as given (all must match). */
  tags: TagFilter[];
  /** How many machines carried them at pre-flight. */
  matched: number;
  /** Of those, how many were already stopped (left out, listed under skipped). */
  alreadyStopped: number;
}

export interface StopRequest {
  id: string;
  /** 'start' for a start request (the undo of a stop request); absent = a stop. */
  operation?: Operation;
  /** A start request: the ID of the stop request it undoes. */
  undoes?: string;
  /** A start request: a link to the thread of the stop request it undoes (a permalink), when known. */
  undoesLink?: string;
  /**
   * A stop request: the ID of the one start request that undoes it, set once
   * (atomically with the start request's creation) and never changed.
   */
  undoneBy?: string;
  /** A start request: machines of the stop request that no longer exist (shown, never started). */
  gone?: Machine[];
  provider: ProviderName;
  requester: string;
  channel: string;
  reason: string;
  mode: StopMode;
  /** Modes the provider offers (the card shows a choice only when there are two). */
  modes: readonly StopMode[];
  /** Machines to stop (or, for a start request, to start). */
  targets: Machine[];
  /** Who could approve when it was asked (user and user-group IDs): mentioned on the card. */
  approvers?: readonly string[];
  /** Machines already stopped at pre-flight (for a start: already running): shown, never acted on. */
  skipped: Machine[];
  /**
   * Present when the request selected by tag. The targets were fixed at
   * pre-flight: what is approved is the list on the card, whatever the tags say later.
   */
  selection?: TagSelection;
  createdAt: number;
  expiresAt: number;
  state: RequestState;
  decidedBy?: string;
  decidedAt?: number;
  /** Why it was rejected, when the rejecter said (the Reject dialog). */
  rejectReason?: string;
  finishedAt?: number;
  /** The request card at the channel root. */
  card?: MessageRef;
  /** The progress message in the card's thread. */
  progress?: MessageRef;
  /**
   * Bumped on every change of what the card shows (mode, state); an approval
   * names the version it was given on, and only the current one is accepted.
   * Attaching the card or progress message does not change it.
   */
  version: number;
}

export type RefusalReason =
  | 'not_found'
  | 'already_decided'
  | 'expired'
  | 'self_approval'
  | 'not_allowed'
  | 'not_pending'
  /** An approval of a card version that is no longer the request's (the mode changed since). */
  | 'stale'
  /** The mode was changed MAX_MODE_CHANGES times already. */
  | 'too_many_changes';

export type Transition =
  | { ok: true; request: StopRequest }
  | { ok: false; reason: RefusalReason; request?: StopRequest };

export interface Decision {
  action: 'approve' | 'reject';
  user: string;
  at: number;
  /** The policy's verdict on this user, computed just before (group membership needs I/O). */
  allowed: boolean;
  /** May the requester decide their own request. */
  selfApproval: boolean;
  /**
   * The request version on the card the approver clicked (from the actions
   * block's block_id). An approval is accepted only when it equals the stored
   * version; absent = unknown = refused as stale. Ignored for a rejection.
   */
  seenVersion?: number;
  /** A rejection's reason (optional, from the Reject dialog); ignored for an approval. */
  reason?: string;
}

/** A request in brief, for listings (the App Home): no machine lists, outcome counts instead. */
export interface RequestDigest {
  id: string;
  provider: StopRequest['provider'];
  requester: string;
  channel: string;
  reason: string;
  mode: StopMode;
  state: RequestState;
  createdAt: number;
  expiresAt: number;
  decidedBy?: string;
  card?: MessageRef;
  /** The request's version (an approval names the version it saw). */
  version: number;
  /** 'start' for a start request (Start again); absent = a stop. */
  operation?: StopRequest['operation'];
  /** A start request: the stop request it undoes. */
  undoes?: string;
  /** How many machines the request stops (or starts). */
  targets: number;
  /** Targets per outcome state (absent states are zero). */
  counts: Partial<Record<OutcomeState, number>>;
}

export interface AuditEvent {
  at: number;
  /** 'requested', 'click_approve', 'click_reject', 'mode', 'expired', 'finished', 'provider_call', … */
  type: string;
  /** The Slack user who acted, when a person did. */
  actor?: string;
  /**
   * Set on a click that was refused: why (a RefusalReason, or 'mode_rate').
   * Refused clicks are noise anyone can make: only the first AUDIT_REFUSED_KEPT
   * of a request are kept as events, the rest are counted (RequestHistory).
   */
  refused?: string;
  /** Free-form, JSON-serialisable details. Never secrets. */
  detail?: Record<string, unknown>;
}

/** Refused clicks kept as events per request; later ones are only counted. */
export const AUDIT_REFUSED_KEPT = 20;
/** Events kept per request (a safety bound; a request's own decisions are far fewer). */
export const AUDIT_MAX_EVENTS = 10_000;

/** A request's own history, kept with the request (same lifetime), never pushed out by refused clicks. */
export interface RequestHistory {
  /**
   * Oldest first: the request, every accepted decision and mode change, expiry,
   * provider calls, the end; and the first AUDIT_REFUSED_KEPT refused clicks.
   */
  events: AuditEvent[];
  /** Refused clicks beyond those kept, counted by `${type}:${refused}` (e.g. 'click_approve:stale'). */
  refusedNotKept: Record<string, number>;
}
