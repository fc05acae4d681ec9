/**
 * The names of every once-claim (StateStore.claimOnce) and mark
 * (StateStore.getMark/setMark), built here and nowhere else: one place to see
 * that two kinds of work never share a key.
 */
export const onceKeys = {
  /** A slash command, by its trigger_id: a redelivered command is acted on once. */
  command: (triggerId: string) => `command:${triggerId}`,
  /** A stop form submission, by view and hash: a redelivered submission is published once. */
  viewSubmission: (viewId: string, hash: string) => `view:${viewId}:${hash}`,
  /** An Events API delivery, by event_id: a retried event is acted on once. */
  event: (eventId: string) => `event:${eventId}`,
  /**
   * The final summary of a request: a lease (summaryLease) held while posting it;
   * a replica that dies holding it leaves it to another once it runs out.
   */
  summary: (requestId: string) => `summary:${requestId}`,
  /** Creating a request's progress message: one replica posts it, the others edit it. */
  progressPost: (requestId: string) => `progress-post:${requestId}`,
  /** A window of slack.progressEvery in which one replica edits a request's progress message. */
  progressEdit: (requestId: string) => `progress-edit:${requestId}`,
  /** Editing a request's card: one edit at a time; the holder redraws what changed meanwhile. */
  cardEdit: (requestId: string) => `card-edit:${requestId}`,
  /** One mode change per user per second, across requests and replicas. */
  modeChange: (user: string, second: number) => `mode-change:${user}:${second}`,
};

export const markKeys = {
  /** The round number of the tracking round that started last (read by the reconciler). */
  trackRound: (requestId: string) => `track-round:${requestId}`,
  /** Set once a request's summary is posted: no replica posts it again. */
  summaryPosted: (requestId: string) => `summary-posted:${requestId}`,
};
