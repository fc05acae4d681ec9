import type { Instance } from '@aws-sdk/client-ec2';
import { describeError, isProviderError, type ProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import type { Clock } from '../../lib/clock.js';
import type { Doubt } from '../doubts.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import type { StopMode, TargetReport } from '../types.js';
import { type ActionSpec, startSpec, stateName, stopSpec } from './action.js';
import type { Ec2Calls } from './client.js';
import { describeIds } from './describe.js';
import { mayHaveActed, refusesAnInstance, toAwsError } from './errors.js';

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

const failedWith = (spec: ActionSpec, id: string, err: unknown, status?: string): TargetReport => ({
  id,
  state: 'failed',
  status,
  code: isProviderError(err) ? err.providerCode : undefined,
  reason: `${spec.verb} refused: ${describeError(err)}`,
});

/** Settle what no longer needs the call from a describe; return the IDs that still do. */
function settle(
  spec: ActionSpec,
  ids: string[],
  found: Map<string, Instance>,
  out: StopOutcome,
  err: ProviderError,
): string[] {
  const todo: string[] = [];
  for (const id of ids) {
    const inst = found.get(id);
    const status = stateName(inst);
    const standing = spec.standing(id, inst);
    // IncorrectInstanceState is about such an instance (a stop of one still pending): it fails, alone.
    if (err.providerCode === 'IncorrectInstanceState' && status && spec.blockedStates.includes(status))
      out.reports.push(failedWith(spec, id, err, status));
    else if (standing.kind === 'todo') todo.push(id);
    else if (standing.kind === 'moving') out.pending.push(id);
    else if (standing.report.state === 'failed' && !inst) {
      out.reports.push({ ...standing.report, reason: `${spec.verb} refused: ${standing.report.reason}` });
    } else out.reports.push(standing.report);
  }
  return todo;
}

/**
 * One StopInstances (or StartInstances). It is all-or-nothing as far as AWS documents, yet emulators
 * act on part of the list before failing, so every refusal is followed by a
 * describe: what is stopping or stopped is tracked, what is gone is reported,
 * and only what still runs is stopped again (halved when all of it still runs,
 * until the culprit is alone). A failure that may have acted (no answer, 5xx)
 * is treated the same way, so an instance AWS already acted on is never asked twice.
 */
async function actBatch(
  spec: ActionSpec,
  ctx: StopContext,
  ids: string[],
  out: StopOutcome,
  tries: number,
): Promise<void> {
  let error: ProviderError;
  try {
    const listed = await spec.send(ctx.calls, ids);
    for (const id of ids) {
      if (listed.get(id) === spec.doneState) out.reports.push(spec.done(id));
      else out.pending.push(id);
    }
    return;
  } catch (err) {
    error = toAwsError(err, spec.operation, ctx.provider);
  }
  const ambiguous = mayHaveActed(error) || error.retryable;
  if (!ambiguous && !refusesAnInstance(error)) {
    for (const id of ids) out.reports.push(failedWith(spec, id, error));
    return;
  }
  let found: Map<string, Instance>;
  try {
    found = await describeIds(ctx.calls, ids);
  } catch (describeErr) {
    const why = `${spec.verb} call failed (${describeError(error)}) and the status check failed (${describeError(describeErr)})`;
    for (const id of ids) {
      if (ambiguous) {
        out.pending.push(id);
        out.unconfirmed.push({ id, reason: why });
      } else out.reports.push({ ...failedWith(spec, id, error), reason: `${spec.verb} refused: ${why}` });
    }
    return;
  }
  const todo = settle(spec, ids, found, out, error);
  if (todo.length === 0) return;
  if (ambiguous) {
    if (tries <= 0) {
      for (const id of todo)
        out.reports.push({
          ...failedWith(spec, id, error, stateName(found.get(id))),
          reason: `${spec.verb} call kept failing: ${describeError(error)}`,
        });
      return;
    }
    await ctx.clock.sleep(backoffDelay(ctx.policy, ctx.policy.retries - tries, ctx.random));
    return actBatch(spec, ctx, todo, out, tries - 1);
  }
  // The describe settled some (the culprit among them): the rest are sent again, even one alone.
  if (todo.length < ids.length) return actBatch(spec, ctx, todo, out, tries);
  if (todo.length === 1 && todo[0]) {
    out.reports.push(failedWith(spec, todo[0], error, stateName(found.get(todo[0]))));
    return;
  }
  const half = Math.ceil(todo.length / 2);
  await actBatch(spec, ctx, todo.slice(0, half), out, tries);
  await actBatch(spec, ctx, todo.slice(half), out, tries);
}

/** Stop these instances, ≤ 1000 per call; HARD is `Force` (no OS shutdown wait, a file-system check advised after). */
export function stopIds(ctx: StopContext, ids: readonly string[], mode: StopMode): Promise<StopOutcome> {
  return actIds(ctx, ids, stopSpec(mode));
}

/** Start these instances again, ≤ 1000 per call (the resource bucket's size, as for a stop). */
export function startIds(ctx: StopContext, ids: readonly string[]): Promise<StopOutcome> {
  return actIds(ctx, ids, startSpec());
}

async function actIds(ctx: StopContext, ids: readonly string[], spec: ActionSpec): Promise<StopOutcome> {
  const out: StopOutcome = { reports: [], pending: [], unconfirmed: [] };
  for (const part of chunk([...new Set(ids)], IDS_PER_STOP)) {
    await actBatch(spec, ctx, part, out, ctx.policy.retries);
  }
  return out;
}
