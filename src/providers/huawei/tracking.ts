import { z } from 'zod';
import type { TrackingState } from '../types.js';

/**
 * The tracking state the workflow stores between rounds (JSON):
 * - `jobs`: stop jobs not yet seen finished, with the servers each covers;
 * - `byStatus`: servers followed by their status alone (job finished or gone, or a
 *   stop whose reply was lost but whose effect the status showed);
 * - `failures`: what a finished job said about a server that failed its sub-job,
 *   kept until the server's status settles the matter.
 * - `op`: which operation the jobs are (a stop, or a start); absent in older states = stop.
 * Every list field is a list, so states from two attempts merge by concatenation.
 */
const failureSchema = z.object({ id: z.string(), code: z.string().nullable(), reason: z.string() });

const trackingSchema = z.object({
  op: z.enum(['stop', 'start']).default('stop'),
  jobs: z.array(z.object({ jobId: z.string().min(1), ids: z.array(z.string()) })).default([]),
  byStatus: z.array(z.string()).default([]),
  failures: z.array(failureSchema).default([]),
});

export type Tracking = z.infer<typeof trackingSchema>;
export type JobFailure = z.infer<typeof failureSchema>;

export const emptyTracking = (op: Tracking['op'] = 'stop'): Tracking => ({
  op,
  jobs: [],
  byStatus: [],
  failures: [],
});

/** A state we cannot read (foreign or damaged) means: follow every server by status. */
export function parseTracking(state: TrackingState): Tracking {
  const parsed = trackingSchema.safeParse(state);
  return parsed.success ? parsed.data : emptyTracking(state['op'] === 'start' ? 'start' : 'stop');
}

export function toTrackingState(tracking: Tracking): TrackingState {
  const lists = { jobs: tracking.jobs, byStatus: tracking.byStatus, failures: tracking.failures };
  // A stop's state reads as before starts existed.
  return tracking.op === 'start' ? { op: 'start', ...lists } : lists;
}
