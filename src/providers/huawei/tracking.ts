import { z } from 'zod';
import type { TrackingState } from '../types.js';

/**
 * The tracking state the workflow stores between rounds (JSON):
 * - `jobs`: stop jobs not yet seen finished, with the servers each covers;
 * - `byStatus`: servers followed by their status alone (job finished or gone, or a
 *   stop whose reply was lost but whose effect the status showed);
 * - `failures`: what a finished job said about a server that failed its sub-job,
 *   kept until the server's status settles the matter.
 * Every field is a list, so states from two stop attempts merge by concatenation.
 */
const failureSchema = z.object({ id: z.string(), code: z.string().nullable(), reason: z.string() });

const trackingSchema = z.object({
  jobs: z.array(z.object({ jobId: z.string().min(1), ids: z.array(z.string()) })).default([]),
  byStatus: z.array(z.string()).default([]),
  failures: z.array(failureSchema).default([]),
});

export type Tracking = z.infer<typeof trackingSchema>;
export type JobFailure = z.infer<typeof failureSchema>;

export const emptyTracking = (): Tracking => ({ jobs: [], byStatus: [], failures: [] });

/** A state we cannot read (foreign or damaged) means: follow every server by status. */
export function parseTracking(state: TrackingState): Tracking {
  const parsed = trackingSchema.safeParse(state);
  return parsed.success ? parsed.data : emptyTracking();
}

export function toTrackingState(tracking: Tracking): TrackingState {
  return { jobs: tracking.jobs, byStatus: tracking.byStatus, failures: tracking.failures };
}
