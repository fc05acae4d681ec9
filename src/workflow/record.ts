import type { StopRequest, TargetOutcome } from '../approvals/types.js';
import type { Machine, TargetReport } from '../domain/types.js';
import { cleanCloudText } from '../lib/clean-cloud-text.js';
import type { WorkflowDeps } from './deps.js';
import { rulesFor } from './operation.js';

/** Provider reports → outcomes, recorded; returns the machines that newly failed. */
export async function recordReports(
  deps: WorkflowDeps,
  request: StopRequest,
  reports: readonly TargetReport[],
  before: Readonly<Record<string, TargetOutcome>>,
): Promise<Machine[]> {
  if (reports.length === 0) return [];
  const at = deps.clock.now();
  const rules = rulesFor(request);
  const next: Record<string, TargetOutcome> = {};
  for (const r of reports) {
    const state = rules.outcomeOf(r.state);
    // The cloud's words, cleaned of anything that looks like a credential before they are kept.
    const reason = r.reason === undefined ? undefined : cleanCloudText(r.reason);
    const was = before[r.id];
    // No news is not written again: a large request reports thousands of unchanged targets a round.
    if (was?.state === state && was.status === r.status && was.reason === reason) continue;
    next[r.id] = { state, status: r.status, reason, at };
  }
  await deps.store.recordOutcomes(request.id, next);
  const byId = new Map(request.targets.map((m) => [m.id, m]));
  const failed: Machine[] = [];
  for (const r of reports) {
    const was = before[r.id]?.state;
    const m = byId.get(r.id);
    const state = rules.outcomeOf(r.state);
    if (!m || was === state || (state !== 'failed' && state !== rules.end)) continue;
    deps.metrics.targets.inc({ provider: request.provider, outcome: state });
    if (state === 'stopped' && request.decidedAt) {
      deps.metrics.timeToStopped.observe({ provider: request.provider }, (at - request.decidedAt) / 1000);
    }
    if (state === 'failed') failed.push(m);
  }
  return failed;
}
