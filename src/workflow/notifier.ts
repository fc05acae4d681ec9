import type { StopRequest, TargetOutcome } from '../approvals/types.js';
import type { Machine } from '../domain/types.js';

export type Outcomes = Readonly<Record<string, TargetOutcome>>;
export type IncidentEvent = 'requested' | 'approved' | 'rejected' | 'expired' | 'finished';

/**
 * What the workflow tells people. The bot implements it with Slack; the
 * workflow knows nothing of Slack. Every method reports its own failures
 * (logs, metrics) and resolves: a lost post never stops the stop.
 */
export interface Notifier {
  /** Re-render the card from the request's current state (never stale buttons). */
  updateCard(request: StopRequest, outcomes?: Outcomes): Promise<void>;
  /** Create or edit the single progress message in the card's thread. */
  progress(request: StopRequest, outcomes: Outcomes): Promise<void>;
  /** Thread replies for targets that just failed. */
  failures(request: StopRequest, failed: readonly Machine[], outcomes: Outcomes): Promise<void>;
  /** The final summary in the thread. Returns false when it could not be posted. */
  summary(request: StopRequest, outcomes: Outcomes): Promise<boolean>;
  incident(event: IncidentEvent, request: StopRequest, outcomes?: Outcomes): Promise<void>;
}
