import { type JobRecord, renderJob, SUB_FAILURES, type SubJobRecord, type WholeJobFailure } from './jobs.js';

/**
 * The fake ECS's world: servers, stop jobs and counters. Time moves lazily: a
 * server's status is computed from when its stop was accepted and the clock now,
 * so nothing runs in the background. Maps everywhere: 5,000 servers stay cheap.
 */

export interface FakeServerSeed {
  id: string;
  name: string;
  /** 'error': the server is in ERROR (status ERROR, vm_state error); it neither stops nor starts. */
  state: 'running' | 'stopped' | 'error';
  /** The guest never shuts down: its sub-job fails and the server stays ACTIVE. */
  failStop?: boolean;
  /** The server never comes back up: its start sub-job fails and it stays SHUTOFF. */
  failStart?: boolean;
  /** Tags as ECS stores them (`key=value` strings in ServerDetail.tags). */
  tags?: Record<string, string>;
}

interface ServerRecord extends FakeServerSeed {
  /** When the first accepted stop took hold (ms on the fake's clock). */
  stopAt?: number;
  /** When the first accepted start took hold. */
  startAt?: number;
}

export interface ServerView {
  status: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
}

const bump = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);

export class FakeEcsState {
  readonly servers = new Map<string, ServerRecord>();
  /** Insertion order, for listing and markers. */
  readonly order: ServerRecord[] = [];
  readonly jobs = new Map<string, JobRecord>();
  readonly calls = new Map<string, number>();
  /** Stop requests that reached the service naming the server, whatever it did with them. */
  readonly stopRequests = new Map<string, number>();
  /** Stops that took hold: the server began powering off. */
  readonly stopsTookHold = new Map<string, number>();
  /**
   * Stops that arrived while the server was already powering off or off (SHUTOFF):
   * the duplicate a client must never send. A stop that finds the server ACTIVE and
   * idle again (its earlier stop failed) is not one.
   */
  readonly stopsWhileStopping = new Map<string, number>();
  readonly startRequests = new Map<string, number>();
  readonly stopTypes: Array<string | undefined> = [];
  totalCalls = 0;
  /** How long a new job reads INIT, without sub_jobs (spec §3); 0: it shows its sub-jobs at once. */
  initMs = 0;
  /**
   * When set, batches accepted from then on fail as a whole at the end of INIT, before any
   * sub-job exists: no server is acted on, and ShowJob shows FAIL with this top-level error only.
   */
  wholeJobFailure: WholeJobFailure | undefined;
  private jobSeq = 0;

  constructor(
    seeds: readonly FakeServerSeed[],
    private readonly stopDelayMs: number,
    private readonly now: () => number,
  ) {
    for (const seed of seeds) {
      const rec: ServerRecord = { ...seed };
      this.servers.set(seed.id, rec);
      this.order.push(rec);
    }
  }

  count(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  view(rec: ServerRecord): ServerView {
    if (rec.state === 'error') return { status: 'ERROR', vmState: 'error', taskState: null, powerState: 0 };
    if (rec.state === 'stopped') {
      if (rec.startAt === undefined || rec.failStart)
        return { status: 'SHUTOFF', vmState: 'stopped', taskState: null, powerState: 4 };
      if (this.now() >= rec.startAt + this.stopDelayMs) {
        Object.assign(rec, { state: 'running', startAt: undefined, stopAt: undefined });
        return this.view(rec);
      }
      return { status: 'SHUTOFF', vmState: 'stopped', taskState: 'powering-on', powerState: 4 };
    }
    if (rec.stopAt === undefined)
      return { status: 'ACTIVE', vmState: 'active', taskState: null, powerState: 1 };
    if (rec.failStop) {
      // The guest ignores the signal: powering off while the attempt runs, then ACTIVE again.
      const trying = this.now() < rec.stopAt + this.refuseDelayMs();
      return {
        status: 'ACTIVE',
        vmState: 'active',
        taskState: trying ? 'powering-off' : null,
        powerState: 1,
      };
    }
    if (this.now() >= rec.stopAt + this.stopDelayMs) {
      rec.state = 'stopped';
      return this.view(rec);
    }
    return { status: 'ACTIVE', vmState: 'active', taskState: 'powering-off', powerState: 1 };
  }

  /** How long a refused stop (the guest ignores it) runs before its sub-job FAILs. */
  private refuseDelayMs(): number {
    return Math.min(this.stopDelayMs, 50);
  }

  isStopped(id: string): boolean {
    const rec = this.servers.get(id);
    return rec !== undefined && this.view(rec).status === 'SHUTOFF';
  }

  /**
   * How a batch naming a missing server, or one that cannot be stopped (started) now, is answered.
   * 'sub-jobs' (default): the batch is accepted and those servers' sub-jobs FAIL.
   * 'whole-batch': the whole call is refused with that server's code (Ecs.0114 or Ecs.0614
   * for a missing one, Ecs.0100 for a bad state) and nothing in it is stopped. The spec
   * does not say which ECS does; the provider must handle both.
   */
  batchRefusal: { mode: 'sub-jobs' } | { mode: 'whole-batch'; missingCode: 'Ecs.0114' | 'Ecs.0614' } = {
    mode: 'sub-jobs',
  };
  /** Batch stops (and starts) refused whole, one entry per refused call. */
  readonly refusedBatches: Array<{ ids: string[]; code: string; op?: 'start' }> = [];

  /**
   * The whole-batch refusal for `ids`, when that mode is on and the batch earns one. A stop
   * needs every server ACTIVE and idle, a start every server SHUTOFF and idle (start.md §1:
   * the same error catalogue as for stop).
   */
  refuseWhole(
    ids: readonly string[],
    op: 'stop' | 'start' = 'stop',
  ): { status: number; code: string; message: string } | undefined {
    const policy = this.batchRefusal;
    if (policy.mode !== 'whole-batch') return undefined;
    const ready = op === 'start' ? 'SHUTOFF' : 'ACTIVE';
    let refusal: { status: number; code: string; message: string } | undefined;
    for (const id of ids) {
      const rec = this.servers.get(id);
      if (!rec) {
        refusal = { status: 404, code: policy.missingCode, message: `The ECS ${id} does not exist.` };
        break;
      }
      const view = this.view(rec);
      if (view.status !== ready || view.taskState !== null) {
        refusal = { status: 400, code: 'Ecs.0100', message: SUB_FAILURES['bad-state'].message };
        break;
      }
    }
    if (refusal) {
      for (const id of ids) bump(op === 'start' ? this.startRequests : this.stopRequests, id);
      this.refusedBatches.push({ ids: [...ids], code: refusal.code, ...(op === 'start' ? { op } : {}) });
    }
    return refusal;
  }

  isRunning(id: string): boolean {
    const rec = this.servers.get(id);
    if (!rec) return false;
    const v = this.view(rec);
    return v.status === 'ACTIVE' && v.taskState === null;
  }

  /** Accepts a batch start: one sub-job per server (SHUTOFF ones start), returns the job ID. */
  start(ids: readonly string[]): string {
    const now = this.now();
    if (this.wholeJobFailure) return this.failWhole(now, ids, this.startRequests, 'start');
    const subs: SubJobRecord[] = ids.map((serverId) => {
      this.startRequests.set(serverId, (this.startRequests.get(serverId) ?? 0) + 1);
      const rec = this.servers.get(serverId);
      if (!rec) return { serverId, outcome: 'missing', doneAt: now };
      const view = this.view(rec);
      // Starting a server that is not SHUTOFF (e.g. ACTIVE) fails its sub-job (start.md §1, not confirmed).
      if (view.status !== 'SHUTOFF' || view.taskState !== null)
        return { serverId, outcome: 'bad-state', doneAt: now };
      rec.startAt = now;
      if (rec.failStart)
        return { serverId, outcome: 'start-refused', doneAt: now + Math.min(this.stopDelayMs, 50) };
      return { serverId, outcome: 'start', doneAt: now + this.stopDelayMs };
    });
    return this.addJob(now, subs, 'start');
  }

  private addJob(now: number, subs: SubJobRecord[], kind: 'stop' | 'start', whole?: WholeJobFailure): string {
    this.jobSeq += 1;
    const id = `ff808082${this.jobSeq.toString(16).padStart(24, '0')}`;
    this.jobs.set(id, { id, createdAt: now, subs, expired: false, kind, ...(whole ? { whole } : {}) });
    return id;
  }

  /** A batch that reached the service but whose job fails as a whole: requests counted, nothing acted on. */
  private failWhole(
    now: number,
    ids: readonly string[],
    requests: Map<string, number>,
    kind: 'stop' | 'start',
  ): string {
    for (const id of ids) bump(requests, id);
    return this.addJob(now, [], kind, this.wholeJobFailure);
  }

  /** Accepts a batch stop: one sub-job per server, returns the job ID. */
  stop(ids: readonly string[], type: string | undefined): string {
    const now = this.now();
    this.stopTypes.push(type);
    if (this.wholeJobFailure) return this.failWhole(now, ids, this.stopRequests, 'stop');
    const subs: SubJobRecord[] = ids.map((serverId) => {
      bump(this.stopRequests, serverId);
      const rec = this.servers.get(serverId);
      if (!rec) return { serverId, outcome: 'missing', doneAt: now };
      const view = this.view(rec);
      if (view.status !== 'ACTIVE' || view.taskState !== null) {
        bump(this.stopsWhileStopping, serverId);
        return { serverId, outcome: 'bad-state', doneAt: now };
      }
      if (rec.failStop) {
        rec.stopAt = now;
        return { serverId, outcome: 'refused', doneAt: now + this.refuseDelayMs() };
      }
      rec.stopAt = now;
      bump(this.stopsTookHold, serverId);
      return { serverId, outcome: 'stop', doneAt: now + this.stopDelayMs };
    });
    return this.addJob(now, subs, 'stop');
  }

  /** ShowJob's body, or undefined when the job is unknown or its record expired. */
  jobBody(id: string): Record<string, unknown> | undefined {
    const job = this.jobs.get(id);
    if (!job || job.expired) return undefined;
    return renderJob(job, this.now(), this.initMs);
  }

  /** Jobs are deleted a day after they end; this makes every job look that old. */
  expireJobs(): void {
    for (const job of this.jobs.values()) job.expired = true;
  }
}
