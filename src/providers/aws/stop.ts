import type { Instance } from '@aws-sdk/client-ec2';
import { describeError, isProviderError, type ProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import type { Clock } from '../../lib/clock.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import type { StopMode, TargetReport } from '../types.js';
import type { Ec2Calls } from './client.js';
import { describeIds } from './describe.js';
import { mayHaveActed, refusesAnInstance, toAwsError } from './errors.js';
import { toReport } from './mapping.js';
import type { Doubt } from './track.js';

/**
 * EC2 documents no maximum of IDs per StopInstances; its resource bucket holds
 * 1000 instance tokens, so 1000 per call is the most one call can carry.
 */
export const IDS_PER_STOP = 1000;

export interface StopContext {
  calls: Ec2Calls;
  clock: Clock;
  /** Further rounds after a stop call that may have acted (each re-describes first). */
  policy: RetryPolicy;
  random: () => number;
  provider: string;
}

export interface StopOutcome {
  reports: TargetReport[];
  pending: string[];
  unconfirmed: Doubt[];
}

const failedWith = (id: string, err: unknown, status?: string): TargetReport => ({
  id,
  state: 'failed',
  status,
  code: isProviderError(err) ? err.providerCode : undefined,
  reason: `stop refused: ${describeError(err)}`,
});

/** Settle what is not running from a describe; return the IDs still running. */
function settle(ids: string[], found: Map<string, Instance>, out: StopOutcome, err: ProviderError): string[] {
  const running: string[] = [];
  for (const id of ids) {
    const report = toReport(id, found.get(id));
    // A pending instance is what IncorrectInstanceState is about: it cannot be stopped before it has run.
    if (report.status === 'pending' && err.providerCode === 'IncorrectInstanceState')
      out.reports.push(failedWith(id, err, 'pending'));
    else if (report.state === 'running') running.push(id);
    else if (report.state === 'stopping') out.pending.push(id);
    else if (report.state === 'failed' && !found.has(id)) {
      out.reports.push({ ...report, reason: `stop refused: ${report.reason}` });
    } else out.reports.push(report);
  }
  return running;
}

/**
 * One StopInstances. It is all-or-nothing as far as AWS documents, yet emulators
 * act on part of the list before failing, so every refusal is followed by a
 * describe: what is stopping or stopped is tracked, what is gone is reported,
 * and only what still runs is stopped again (halved when all of it still runs,
 * until the culprit is alone). A failure that may have acted (no answer, 5xx)
 * is treated the same way, so an instance AWS already acted on is never asked twice.
 */
async function stopBatch(
  ctx: StopContext,
  ids: string[],
  force: boolean,
  out: StopOutcome,
  tries: number,
): Promise<void> {
  let error: ProviderError;
  try {
    const res = await ctx.calls.stop({ InstanceIds: ids, Force: force || undefined });
    const listed = new Map((res.StoppingInstances ?? []).map((s) => [s.InstanceId, s.CurrentState?.Name]));
    for (const id of ids) {
      if (listed.get(id) === 'stopped') out.reports.push({ id, state: 'stopped', status: 'stopped' });
      else out.pending.push(id);
    }
    return;
  } catch (err) {
    error = toAwsError(err, 'StopInstances', ctx.provider);
  }
  const ambiguous = mayHaveActed(error) || error.retryable;
  if (!ambiguous && !refusesAnInstance(error)) {
    for (const id of ids) out.reports.push(failedWith(id, error));
    return;
  }
  let found: Map<string, Instance>;
  try {
    found = await describeIds(ctx.calls, ids);
  } catch (describeErr) {
    const why = `stop call failed (${describeError(error)}) and the status check failed (${describeError(describeErr)})`;
    for (const id of ids) {
      if (ambiguous) {
        out.pending.push(id);
        out.unconfirmed.push({ id, reason: why });
      } else out.reports.push({ ...failedWith(id, error), reason: `stop refused: ${why}` });
    }
    return;
  }
  const running = settle(ids, found, out, error);
  if (running.length === 0) return;
  if (ambiguous) {
    if (tries <= 0) {
      for (const id of running)
        out.reports.push({
          ...failedWith(id, error, 'running'),
          reason: `stop call kept failing: ${describeError(error)}`,
        });
      return;
    }
    await ctx.clock.sleep(backoffDelay(ctx.policy, ctx.policy.retries - tries, ctx.random));
    return stopBatch(ctx, running, force, out, tries - 1);
  }
  if (running.length === 1 && running[0]) {
    out.reports.push(failedWith(running[0], error, found.get(running[0])?.State?.Name));
    return;
  }
  if (running.length < ids.length) return stopBatch(ctx, running, force, out, tries);
  const half = Math.ceil(running.length / 2);
  await stopBatch(ctx, running.slice(0, half), force, out, tries);
  await stopBatch(ctx, running.slice(half), force, out, tries);
}

/** Stop these instances, ≤ 1000 per call; HARD is `Force` (no OS shutdown wait, a file-system check advised after). */
export async function stopIds(
  ctx: StopContext,
  ids: readonly string[],
  mode: StopMode,
): Promise<StopOutcome> {
  const out: StopOutcome = { reports: [], pending: [], unconfirmed: [] };
  for (const part of chunk([...new Set(ids)], IDS_PER_STOP)) {
    await stopBatch(ctx, part, mode === 'HARD', out, ctx.policy.retries);
  }
  return out;
}
