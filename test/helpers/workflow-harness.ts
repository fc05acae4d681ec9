import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { newRequest } from '../../src/approvals/new-request.js';
import type { StopRequest } from '../../src/approvals/types.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { Machine, TargetReport } from '../../src/providers/types.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { fakeProvider } from './fake-provider.js';
import { quietNotifier } from './quiet-notifier.js';
import { recordingJobs } from './recording-jobs.js';

/** What a scripted cloud does; each call is recorded with the machines it was given. */
export interface Script {
  stop?: (
    machines: readonly Machine[],
  ) => Promise<{ reports: TargetReport[]; tracking: Record<string, unknown> }>;
  track?: (
    machines: readonly Machine[],
    tracking: Record<string, unknown>,
  ) => Promise<{ reports: TargetReport[]; tracking: Record<string, unknown> }>;
  status?: (machines: readonly Machine[]) => Promise<TargetReport[]>;
  start?: (
    machines: readonly Machine[],
  ) => Promise<{ reports: TargetReport[]; tracking: Record<string, unknown> }>;
}

/**
 * The workflow with its seams in memory: the memory store, a job runner that only
 * records what is enqueued, a notifier that records what would be posted, a
 * scripted cloud, and a clock the test moves.
 */
export function workflowHarness(script: Script = {}, settings: Partial<WorkflowDeps['settings']> = {}) {
  const clock = { t: 1_000_000 };
  const store = createMemoryStore({ now: () => clock.t });
  const { jobs, enqueued } = recordingJobs();
  const calls = {
    stop: [] as string[][],
    track: [] as string[][],
    status: [] as string[][],
    start: [] as string[][],
  };
  const posted = {
    failures: [] as string[][],
    summaries: 0,
    cards: 0,
    cardVersions: [] as number[],
    cardOutcomes: [] as boolean[],
    incidents: [] as string[],
    progressPosts: 0,
    progressEdits: 0,
  };
  const hooks: { onEditCard?: () => Promise<void>; progressPostFails?: boolean } = {};
  const summaryAnswers: boolean[] = [];
  const notifier = quietNotifier({
    editCard: async (_card, r, outcomes) => {
      posted.cards += 1;
      posted.cardVersions.push(r.version);
      posted.cardOutcomes.push(outcomes !== undefined);
      await hooks.onEditCard?.();
    },
    postProgress: async () => {
      posted.progressPosts += 1;
      return hooks.progressPostFails ? undefined : { channel: 'C0OPS', ts: '1700000000.000200' };
    },
    editProgress: async () => {
      posted.progressEdits += 1;
    },
    failures: async (_t, _r, machines) => {
      posted.failures.push(machines.map((m) => m.id));
    },
    summary: async () => {
      posted.summaries += 1;
      return summaryAnswers.shift() ?? true;
    },
    incident: async (kind) => {
      posted.incidents.push(kind);
      return { kind: 'none' as const };
    },
  });
  const provider = fakeProvider({
    start: async (machines) => {
      calls.start.push(machines.map((m) => m.id));
      return script.start ? script.start(machines) : { reports: [], tracking: {} };
    },
    stop: async (machines) => {
      calls.stop.push(machines.map((m) => m.id));
      return script.stop ? script.stop(machines) : { reports: [], tracking: {} };
    },
    track: async (machines, tracking) => {
      calls.track.push(machines.map((m) => m.id));
      return script.track ? script.track(machines, tracking) : { reports: [], tracking };
    },
    status: async (machines) => {
      calls.status.push(machines.map((m) => m.id));
      return script.status
        ? script.status(machines)
        : machines.map((m) => ({ id: m.id, state: 'running' as const, status: 'RUNNING' }));
    },
  });
  const metrics = createMetrics({ defaultMetrics: false });
  /** Every log line, parsed (pino JSON). */
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  /** The log lines whose `msg` is `msg`. */
  const logged = (msg: string) => lines.filter((l) => l.msg === msg);
  const deps: WorkflowDeps = {
    store,
    providers: new Map([['sandbox', provider]]),
    jobs,
    notifier,
    clock: {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    },
    logger,
    metrics,
    settings: {
      pollIntervalMs: 1000,
      timeoutMs: 60_000,
      progressEveryMs: 0,
      storeWaitMs: 5_000,
      ...settings,
    },
  };

  /** A request for `ids` (a stop, or with `operation` 'start' an undo), created and (unless `approve` is false) approved now. */
  const request = async (
    ids: string[],
    approve = true,
    id = 'SR-MUTANT00001',
    operation?: 'start',
  ): Promise<StopRequest> => {
    const fresh = newRequest({
      id,
      provider: 'sandbox',
      modes: ['SOFT', 'HARD'],
      requester: 'U0BOB',
      channel: 'C0OPS',
      reason: 'test',
      machines: ids.map((m) => ({ id: m, name: m, status: 'RUNNING', stopped: false })),
      now: clock.t,
      expiresInMs: 600_000,
    });
    const r: StopRequest = operation ? { ...fresh, operation } : fresh;
    await store.createRequest(r);
    await store.setCard(r.id, { channel: 'C0OPS', ts: '1700000000.000100' });
    if (!approve) return r;
    const seenVersion = (await store.getRequest(r.id))?.version;
    const moved = await store.decide(r.id, {
      action: 'approve',
      user: 'U0ALICE',
      at: clock.t,
      allowed: true,
      selfApproval: false,
      seenVersion,
    });
    if (!moved.ok) throw new Error('approval did not take');
    return moved.request;
  };

  const counted = async (metric: 'targets' | 'requests') =>
    Object.fromEntries(
      (await metrics[metric].get()).values.map((v) => [`${v.labels.outcome}`, v.value]),
    ) as Record<string, number>;

  const states = async (id: string) =>
    Object.fromEntries(Object.entries(await store.getOutcomes(id)).map(([k, v]) => [k, v.state]));

  return {
    clock,
    store,
    deps,
    enqueued,
    calls,
    posted,
    hooks,
    summaryAnswers,
    request,
    counted,
    states,
    metrics,
    logged,
  };
}
