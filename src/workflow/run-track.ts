import { markKeys } from '../approvals/once-keys.js';
import { isTerminalOutcome, type StopRequest, type TargetOutcome } from '../approvals/types.js';
import type { Machine, TargetReport } from '../domain/types.js';
import { describeError } from '../errors.js';
import { sameJson } from '../lib/same-json.js';
import type { WorkflowDeps } from './deps.js';
import { finishRequest } from './finish.js';
import { showFailures, showProgressIfDue } from './notices.js';
import { rulesFor } from './operation.js';
import { recordReports } from './record.js';
import { scheduleTrack } from './schedule.js';

const inFlight = (o: TargetOutcome | undefined) => !o || !isTerminalOutcome(o.state);

/** One tracking round. Provider trouble in a round is logged and retried next round. */
export async function runTrack(deps: WorkflowDeps, requestId: string, round: number): Promise<void> {
  const started = deps.clock.now();
  const request = await deps.store.getRequest(requestId);
  // A retry after the summary could not be posted: the request is done, the summary still owed.
  if (request?.state === 'done') return finishRequest(deps, request);
  if (request?.state !== 'approved') return;
  const provider = deps.providers.get(request.provider);
  if (!provider) return;
  const markTtl = Math.max(deps.settings.timeoutMs * 2, 3_600_000);
  await deps.store.setMark(markKeys.trackRound(requestId), round, markTtl);
  const before = await deps.store.getOutcomes(requestId);
  const rules = rulesFor(request);
  const stopping = request.targets.filter((m) => before[m.id]?.state === rules.moving);
  const unsettled = request.targets.filter((m) => inFlight(before[m.id]));
  const now = deps.clock.now();
  const timedOut = now - (request.decidedAt ?? now) >= deps.settings.timeoutMs;
  let failed: Machine[] = [];
  // Whether this round may have written outcomes (else `before` is still current).
  let recorded = timedOut;
  try {
    if (timedOut) failed = await closeOut(deps, request, unsettled, before);
    else if (stopping.length) {
      const tracking = (await deps.store.getTracking(requestId)) ?? {};
      const res = await provider.track(stopping, tracking);
      // Unchanged (say, every job still running) is not written again: it can be large.
      if (!sameJson(res.tracking, tracking)) await deps.store.setTracking(requestId, res.tracking);
      recorded = res.reports.length > 0;
      failed = await recordReports(deps, request, res.reports, before);
    }
  } catch (err) {
    deps.logger.warn(
      { requestId, round, err: describeError(err) },
      'tracking round failed; trying again next round',
    );
  }
  const outcomes = recorded ? await deps.store.getOutcomes(requestId) : before;
  await showFailures(deps, request, failed, outcomes);
  if (request.targets.every((m) => !inFlight(outcomes[m.id]))) {
    await finishRequest(deps, request, outcomes);
    return;
  }
  await showProgressIfDue(deps, request, outcomes);
  // pollInterval apart from start to start: a slow round does not push every later one back.
  const spent = deps.clock.now() - started;
  await scheduleTrack(deps, requestId, round + 1, Math.max(0, deps.settings.pollIntervalMs - spent));
}

/** At the timeout, the real last status of each target decides: stopped, failed, or timed out. */
async function closeOut(
  deps: WorkflowDeps,
  request: StopRequest,
  unsettled: Machine[],
  before: Readonly<Record<string, TargetOutcome>>,
): Promise<Machine[]> {
  let last: TargetReport[] = [];
  try {
    last = (await deps.providers.get(request.provider)?.status(unsettled)) ?? [];
  } catch (err) {
    deps.logger.warn(
      { requestId: request.id, err: describeError(err) },
      'last status read failed at timeout',
    );
  }
  const rules = rulesFor(request);
  const seen = new Map(last.map((r) => [r.id, r]));
  const settled: TargetReport[] = [];
  const timedOut: Record<string, TargetOutcome> = {};
  const at = deps.clock.now();
  for (const m of unsettled) {
    const r = seen.get(m.id);
    if (r && (rules.outcomeOf(r.state) === rules.end || r.state === 'failed')) settled.push(r);
    else {
      const status = r?.status ?? before[m.id]?.status;
      timedOut[m.id] = {
        state: 'timed_out',
        status,
        reason: `no ${rules.noun} confirmed before the tracking timeout`,
        at,
      };
      deps.metrics.targets.inc({ provider: request.provider, outcome: 'timed_out' });
    }
  }
  await deps.store.recordOutcomes(request.id, timedOut);
  return recordReports(deps, request, settled, before);
}
