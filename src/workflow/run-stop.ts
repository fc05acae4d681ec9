import type { StopRequest, TargetOutcome } from '../approvals/types.js';
import { describeError, isProviderError, ProviderNotConfiguredError, TransportError } from '../errors.js';
import { cleanCloudText } from '../lib/clean-cloud-text.js';
import type { Machine, Provider, TargetReport } from '../providers/types.js';
import type { WorkflowDeps } from './deps.js';
import { showFailures, showProgressIfDue } from './notices.js';
import { type OperationRules, rulesFor } from './operation.js';
import { persist } from './persist.js';
import { recordReports } from './record.js';
import { scheduleTrack } from './schedule.js';

/**
 * Targets a previous attempt claimed but may or may not have sent: stop (or
 * start) them again only where a status read shows it is still needed.
 */
async function sortUncertain(provider: Provider, uncertain: Machine[], rules: OperationRules) {
  if (uncertain.length === 0) return { settled: [] as TargetReport[], again: [] as Machine[] };
  const reports = await provider.status(uncertain);
  const seen = new Map(reports.map((r) => [r.id, r]));
  const settled: TargetReport[] = [];
  const again: Machine[] = [];
  for (const m of uncertain) {
    const r = seen.get(m.id);
    if (r && rules.underWay(r.state)) settled.push(r);
    else again.push(m);
  }
  return { settled, again };
}

const transient = (err: unknown) => err instanceof TransportError || (isProviderError(err) && err.retryable);

/**
 * The stop job (it runs a start request's start the same way): claim the
 * targets, call the provider once per batch, start tracking.
 */
export async function runStop(deps: WorkflowDeps, requestId: string): Promise<void> {
  const request = await deps.store.getRequest(requestId);
  if (request?.state !== 'approved') return;
  const rules = rulesFor(request);
  const provider = deps.providers.get(request.provider);
  if (!provider) throw new ProviderNotConfiguredError(request.provider);
  const now = deps.clock.now();
  const ids = request.targets.map((m) => m.id);
  const before = await deps.store.getOutcomes(requestId);
  const uncertainIds = new Set(ids.filter((id) => before[id]?.state === 'submitting'));
  const claimed = new Set(
    await deps.store.claimTargets(requestId, ids, ['pending'], { state: 'submitting', at: now }),
  );
  const uncertain = request.targets.filter((m) => uncertainIds.has(m.id));
  // Past the tracking timeout, a cloud we still cannot reach ends the request honestly.
  const pastDeadline = now - (request.decidedAt ?? now) >= deps.settings.timeoutMs;
  const giveUp = async (machines: readonly Machine[], err: unknown) => {
    const reason = cleanCloudText(
      `the ${rules.noun} could not be confirmed before the tracking timeout: ${describeError(err)}`,
    );
    const outcomes: Record<string, TargetOutcome> = {};
    for (const m of machines) outcomes[m.id] = { state: 'timed_out', status: m.status, reason, at: now };
    await deps.store.recordOutcomes(requestId, outcomes);
    for (const _ of machines) deps.metrics.targets.inc({ provider: request.provider, outcome: 'timed_out' });
  };
  let sorted: Awaited<ReturnType<typeof sortUncertain>>;
  try {
    sorted = await sortUncertain(provider, uncertain, rules);
  } catch (err) {
    if (!transient(err) || !pastDeadline) throw err;
    await giveUp(uncertain, err);
    sorted = { settled: [], again: [] };
  }
  const { settled, again } = sorted;
  // Claimed again (same state) so that this claim too is confirmed by a replica before the call.
  const reclaimed = new Set(
    again.length
      ? await deps.store.claimTargets(
          requestId,
          again.map((m) => m.id),
          ['submitting'],
          { state: 'submitting', at: now },
        )
      : [],
  );
  const toStop = [
    ...request.targets.filter((m) => claimed.has(m.id)),
    ...again.filter((m) => reclaimed.has(m.id)),
  ];
  await persist(deps, 'settled', () => recordReports(deps, request, settled, before));

  let reports: TargetReport[] = [];
  let sent = toStop;
  let tracking: Record<string, unknown> | undefined;
  if (toStop.length > 0) {
    // Only the cloud call is inside: a store that is away is waited for below, never
    // taken for the cloud's answer.
    try {
      const result = await rules.call(provider, toStop, request);
      reports = result.reports;
      tracking = result.tracking;
    } catch (err) {
      // A provider call that may have acted is retried by the job, which re-checks status first.
      if (transient(err) && !pastDeadline) throw err;
      if (transient(err)) {
        await persist(deps, 'timed out', () => giveUp(toStop, err));
        sent = [];
      } else reports = toStop.map((m) => ({ id: m.id, state: 'failed', reason: describeError(err) }));
    }
  }
  if (tracking) {
    const add = tracking;
    await persist(deps, 'tracking', async () => {
      const previous = (await deps.store.getTracking(requestId)) ?? {};
      await deps.store.setTracking(requestId, mergeTracking(previous, add));
    });
  }
  const settledIds = new Set(reports.map((r) => r.id));
  const accepted: Record<string, TargetOutcome> = {};
  for (const m of sent)
    if (!settledIds.has(m.id)) accepted[m.id] = { state: rules.moving, status: m.status, at: now };
  await persist(deps, 'accepted', () => deps.store.recordOutcomes(requestId, accepted));
  const failed = await persist(deps, 'reports', () => recordReports(deps, request, reports, before));
  await persist(deps, 'audit', () =>
    deps.store.appendAudit(requestId, {
      at: deps.clock.now(),
      type: `${rules.noun}_submitted`,
      detail: { targets: toStop.length, refused: failed.length, rechecked: uncertain.length },
    }),
  );
  deps.logger.info(
    { requestId, provider: request.provider, targets: toStop.length, refused: failed.length },
    `${rules.noun} submitted`,
  );
  await afterStop(deps, request, failed);
}

async function afterStop(deps: WorkflowDeps, request: StopRequest, failed: Machine[]) {
  const outcomes = await deps.store.getOutcomes(request.id);
  await showFailures(deps, request, failed, outcomes);
  await showProgressIfDue(deps, request, outcomes);
  await scheduleTrack(deps, request.id, 1);
}

/** Tracking states from several stop attempts are merged (lists concatenated). */
function mergeTracking(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : v;
  }
  return out;
}
