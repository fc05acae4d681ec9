import type { AmbiguousRef, Machine, ResolveResult, TargetReport } from '../types.js';
import { attempt, read, type SaeContext } from './context.js';
import {
  type AppSummary,
  appStatusWord,
  failedReport,
  isAppStopped,
  movingState,
  toMachine,
} from './mapping.js';
import { describeApplicationStatus, listApplications } from './operations.js';

/**
 * Pre-flight: one paged ListApplications over the whole region, then each ref
 * matched exactly, by AppId first, else by AppName (SAE's own filter is fuzzy).
 */
export async function resolveApps(ctx: SaeContext, refs: readonly string[]): Promise<ResolveResult> {
  const apps = await read(ctx, listApplications);
  const byId = new Map<string, AppSummary>();
  const byName = new Map<string, AppSummary[]>();
  for (const app of apps) {
    byId.set(app.AppId, app);
    const same = byName.get(app.AppName);
    if (same) same.push(app);
    else byName.set(app.AppName, [app]);
  }
  const found = new Map<string, Machine>();
  const unknown: string[] = [];
  const ambiguous: AmbiguousRef[] = [];
  for (const ref of new Set(refs)) {
    const exact = byId.get(ref);
    const matches = exact ? [exact] : (byName.get(ref) ?? []);
    const [only] = matches;
    if (matches.length > 1) ambiguous.push({ ref, matches: matches.map(toMachine) });
    else if (only) {
      if (!found.has(only.AppId)) found.set(only.AppId, toMachine(only));
    } else unknown.push(ref);
  }
  return { found: [...found.values()], unknown, ambiguous };
}

/**
 * Current status, one DescribeApplicationStatus per app: STOPPED and idle reads as
 * 'stopped', RUNNING and idle as 'running', a change order in flight as 'starting'
 * (on a STOPPED app) or 'stopping'.
 */
export async function readStatuses(ctx: SaeContext, machines: readonly Machine[]): Promise<TargetReport[]> {
  const reports: TargetReport[] = [];
  const ids = [...new Set(machines.map((m) => m.id))];
  // Side by side; the client bounds how many calls are in flight.
  const results = await Promise.all(ids.map((id) => attempt(ctx, (c) => describeApplicationStatus(c, id))));
  for (const [i, id] of ids.entries()) {
    const res = results[i];
    if (!res) continue;
    if (!res.ok) {
      // A lasting refusal (e.g. the app is gone) is this app's answer; a passing fault is the caller's.
      if (res.error.retryable) throw res.error;
      reports.push(failedReport(id, res.error));
    } else if (isAppStopped(res.value)) reports.push({ id, state: 'stopped', status: 'STOPPED' });
    else {
      const state = res.value.LastChangeOrderRunning ? movingState(res.value) : 'running';
      reports.push({ id, state, status: appStatusWord(res.value) });
    }
  }
  return reports;
}
