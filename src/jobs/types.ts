/**
 * Durable work: the stop of a request, each tracking round (a delayed
 * re-poll), the expiry of a pending request, and a notice Slack refused for
 * now (429, 5xx) posted again later. BullMQ when Redis is
 * configured, in-process otherwise; both behind this interface.
 */
export type JobName = 'stop' | 'track' | 'expire' | 'notice';

export interface JobData {
  requestId: string;
  /** Tracking round, for track jobs. */
  round?: number;
  /** Notice jobs: what to post again ('card' or an incident event) and which attempt this is. */
  notice?: string;
  attempt?: number;
}

export type JobHandler = (data: JobData) => Promise<void>;
export type JobHandlers = Record<JobName, JobHandler>;

export interface EnqueueOptions {
  /**
   * Unique job ID: a second enqueue with the same ID while the first exists is a
   * no-op; a job that failed for good no longer holds its ID (it runs again).
   */
  id: string;
  delayMs?: number;
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
}

export interface JobRunner {
  enqueue(name: JobName, data: JobData, options: EnqueueOptions): Promise<void>;
  /** Begin taking work. A handler that throws is retried with backoff. */
  start(handlers: JobHandlers): Promise<void>;
  counts(): Promise<JobCounts>;
  /** Stop taking new work and wait for the work in hand (or hand it over). */
  close(): Promise<void>;
}
