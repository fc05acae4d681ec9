import type { StopMode, TrackingState } from '../domain/types.js';
import type {
  AuditEvent,
  Decision,
  MessageRef,
  OutcomeState,
  RequestDigest,
  RequestHistory,
  StopRequest,
  TargetOutcome,
  Transition,
} from './types.js';

/**
 * What createUndo did: created (with the stop request as linked), or not —
 * the stop request is unknown, not done, already undone (by `existing`), or
 * the start request's ID is taken.
 */
export type UndoCreation =
  | { ok: true; stop: StopRequest }
  | { ok: false; reason: 'not_found' | 'not_done' | 'id_taken' }
  | { ok: false; reason: 'taken'; existing: string };

/** How many recent requests the index keeps (older ones stay readable by ID). */
export const RECENT_MAX = 500;

/**
 * Where requests, their outcomes and their audit trail live.
 * Memory for one replica; Redis for several. Every change with a precondition is atomic.
 */
export interface StateStore {
  /** Store a new request. Fails (returns false) when the ID is taken. */
  createRequest(request: StopRequest): Promise<boolean>;
  /**
   * Store a start request (`request.undoes` names the stop request it undoes)
   * and link the stop request to it (`undoneBy`, bumping its version), in one
   * atomic step: only while that stop request is done and not yet undone. So a
   * stop request has at most one start request, however many click at once.
   */
  createUndo(request: StopRequest): Promise<UndoCreation>;
  getRequest(id: string): Promise<StopRequest | null>;
  /**
   * IDs of every request not yet final (pending or approved), in no particular
   * order: what the reconciler walks to re-drive work a dead replica left behind.
   */
  listActive(): Promise<string[]>;
  /**
   * The most recent requests, newest first, at most `limit` (≤ RECENT_MAX), in
   * brief: one store read, for the App Home.
   */
  listRecent(limit: number): Promise<RequestDigest[]>;

  /** Attach the card / progress message. Idempotent. */
  setCard(id: string, card: MessageRef): Promise<void>;
  setProgress(id: string, progress: MessageRef): Promise<void>;

  /** Change SOFT/HARD while pending and not expired. */
  setMode(id: string, mode: StopMode, now: number): Promise<Transition>;
  /**
   * pending → approved | rejected, atomically: only if still pending, not
   * expired at `decision.at`, the user is allowed, and (unless selfApproval)
   * is not the requester.
   */
  decide(id: string, decision: Decision): Promise<Transition>;
  /** pending → expired when `now` is past expiresAt. */
  expire(id: string, now: number): Promise<Transition>;
  /** approved → done. */
  finish(id: string, now: number): Promise<Transition>;

  getOutcomes(id: string): Promise<Record<string, TargetOutcome>>;
  /**
   * Atomically move the listed targets whose state is in `from` to `to`;
   * returns the IDs that moved. This is how a worker claims targets to stop.
   * When the Redis primary has replicas, the claim is confirmed by one before
   * this resolves; unconfirmed, it rejects with StateUnavailableError and the
   * caller must not act on it (a failover could lose it).
   */
  claimTargets(
    id: string,
    targetIds: readonly string[],
    from: readonly OutcomeState[],
    to: TargetOutcome,
  ): Promise<string[]>;
  /** Merge outcomes; a terminal outcome is never overwritten. */
  recordOutcomes(id: string, outcomes: Readonly<Record<string, TargetOutcome>>): Promise<void>;

  getTracking(id: string): Promise<TrackingState | null>;
  setTracking(id: string, tracking: TrackingState): Promise<void>;

  /**
   * True exactly once per key (until ttlMs passes): for "post the summary once" and dedupe.
   * Confirmed by a replica like claimTargets.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Give a claim back (the work it guarded could not be done). */
  releaseOnce(key: string): Promise<void>;
  /** Milliseconds-resolution "last done at" marks (coalescing edits across replicas). */
  getMark(key: string): Promise<number | null>;
  setMark(key: string, value: number, ttlMs: number): Promise<void>;

  /**
   * Add to a request's history (kept with the request). An event with
   * `refused` set is kept only while the request has fewer than
   * AUDIT_REFUSED_KEPT refused events, and counted after that, so no amount of
   * refused clicking can push the request's decisions out.
   */
  appendAudit(id: string, event: AuditEvent): Promise<void>;
  /** The kept events, oldest first (history(id).events). */
  readAudit(id: string): Promise<AuditEvent[]>;
  /** The request's history: kept events, oldest first, and the refused clicks only counted. */
  history(id: string): Promise<RequestHistory>;

  /** Is the backing store reachable right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
