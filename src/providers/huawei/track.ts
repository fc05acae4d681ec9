import { isProviderError } from '../../errors.js';
import { mapLimit } from '../../lib/map-limit.js';
import {
  isSettled,
  type Machine,
  type TargetReport,
  type TrackingState,
  type TrackResult,
} from '../types.js';
import { type HuaweiContext, READ_CONCURRENCY, readDetails } from './context.js';
import { JOB_NOT_FOUND } from './errors.js';
import { phaseOf, toReport } from './mapping.js';
import { emptyTracking, type JobFailure, parseTracking, toTrackingState } from './tracking.js';
import type { JobInfo } from './wire.js';

const FINISHED = new Set(['SUCCESS', 'FAIL']);

/** The job, or 'gone' when its record has expired (jobs are deleted a day after they end). */
async function readJob(ctx: HuaweiContext, jobId: string): Promise<JobInfo | 'gone'> {
  try {
    return await ctx.retry(() => ctx.client.showJob(jobId));
  } catch (err) {
    if (isProviderError(err) && (err.providerCode === JOB_NOT_FOUND || err.httpStatus === 404)) return 'gone';
    throw err;
  }
}

/** What a finished job says went wrong, per server. */
function jobFailures(job: JobInfo, ids: readonly string[], into: Map<string, JobFailure>): void {
  const seen = new Set<string>();
  for (const sub of job.subJobs) {
    seen.add(sub.serverId);
    if (sub.status === 'FAIL') {
      const reason = sub.reason ?? job.reason ?? 'the job failed';
      into.set(sub.serverId, { id: sub.serverId, code: sub.code, reason });
    }
  }
  if (job.status !== 'FAIL') return;
  for (const id of ids) {
    if (!seen.has(id)) into.set(id, { id, code: job.code, reason: job.reason ?? 'the job failed' });
  }
}

/**
 * One tracking round, for a stop or a start (the state says which). A job still
 * running is not followed by status reads (fewest calls); a finished or expired job
 * hands its servers to the status check, which has the last word: SHUTOFF with no
 * task state is stopped (ACTIVE with none is running), whatever the job said.
 */
export async function trackServers(
  ctx: HuaweiContext,
  machines: readonly Machine[],
  state: TrackingState,
): Promise<TrackResult> {
  const tracking = parseTracking(state);
  const pending = new Set(machines.map((m) => m.id));
  const failures = new Map(tracking.failures.map((f) => [f.id, f]));
  const reports: TargetReport[] = [];
  const op = tracking.op;
  const next = emptyTracking(op);
  // The server's own word that the action is still under way (the job may say it failed).
  const moving = op === 'start' ? 'starting' : 'stopping';
  const check = new Set(tracking.byStatus.filter((id) => pending.has(id)));

  const live = tracking.jobs
    .map((job) => ({ jobId: job.jobId, ids: job.ids.filter((id) => pending.has(id)) }))
    .filter((job) => job.ids.length > 0);
  const jobs = await mapLimit(live, READ_CONCURRENCY, (job) => readJob(ctx, job.jobId));
  const followed = new Set(check);
  live.forEach((job, i) => {
    const info = jobs[i];
    for (const id of job.ids) followed.add(id);
    if (info !== undefined && info !== 'gone' && !FINISHED.has(info.status)) {
      // Still running: no news to report, and no status reads (fewest calls).
      next.jobs.push(job);
      return;
    }
    if (info !== undefined && info !== 'gone') jobFailures(info, job.ids, failures);
    for (const id of job.ids) check.add(id);
  });
  // Servers the state does not mention (lost or foreign state): their status decides.
  for (const id of pending) if (!followed.has(id)) check.add(id);

  const details = await readDetails(ctx, [...check]);
  for (const id of check) {
    const d = details.get(id);
    if (!d) continue;
    const report = toReport(d);
    const failure = failures.get(id);
    const inFlight = !isSettled(op, report.state);
    if (inFlight && failure && phaseOf(d) !== moving) {
      // The job said this server failed and its status does not contradict it.
      reports.push({ ...report, state: 'failed', code: failure.code ?? 'FAIL', reason: failure.reason });
      continue;
    }
    reports.push(report);
    if (!inFlight) continue;
    next.byStatus.push(id);
    if (failure) next.failures.push(failure);
  }
  return { reports, tracking: toTrackingState(next) };
}
