/**
 * Every job ID stopbot enqueues, built here and nowhere else. A job ID makes
 * work run once: a second enqueue with the same ID while the first exists is a
 * no-op (see EnqueueOptions.id).
 */
export const jobIds = {
  /** The stop of a request: one at a time, however many times it is asked for. */
  stop: (requestId: string) => `stop-${requestId}`,
  /** Tracking round `round` of a request. */
  track: (requestId: string, round: number) => `track-${requestId}-${round}`,
  /** The expiry of a pending request. */
  expire: (requestId: string) => `expire-${requestId}`,
  /** Attempt `attempt` at posting a notice Slack refused for now. */
  notice: (requestId: string, kind: string, attempt: number) => `notice-${requestId}-${kind}-${attempt}`,
  /** A second expiry, for one that fired before `expiresAt` (timer drift). */
  expireAgain: (requestId: string, expiresAt: number) => `expire-${requestId}-${expiresAt}`,
  /**
   * A second look at a summary whose lease another replica holds (a track job:
   * for a done request it only posts what is owed). One per lease period.
   */
  summaryRecheck: (requestId: string, slot: number) => `summary-${requestId}-${slot}`,
};
