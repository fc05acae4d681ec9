import { type Clock, systemClock } from '../lib/clock.js';
import { type Logger, silentLogger } from '../observability/logger.js';
import type { EnqueueOptions, JobData, JobHandlers, JobName, JobRunner } from './types.js';

export interface MemoryRunnerOptions {
  clock?: Clock;
  /** Tries per job, the first included. Default 3. */
  attempts?: number;
  /** First retry delay; doubles each retry. Default 1 s. */
  backoffMs?: number;
  logger?: Logger;
}

interface Entry {
  id: string;
  name: JobName;
  data: JobData;
  attempt: number;
  state: 'waiting' | 'delayed' | 'active';
  timer?: NodeJS.Timeout;
}

/**
 * Jobs in this process, for a single replica without Redis. Delays are timers;
 * nothing survives a restart. An ID is taken while its job is waiting, delayed
 * (including between retries) or active.
 */
export function createMemoryRunner(options: MemoryRunnerOptions = {}): JobRunner {
  const clock = options.clock ?? systemClock;
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 1_000;
  const logger = options.logger ?? silentLogger;
  const jobs = new Map<string, Entry>();
  const inflight = new Set<Promise<void>>();
  let handlers: JobHandlers | undefined;
  let closed = false;

  const schedule = (entry: Entry, ms: number) => {
    entry.state = 'delayed';
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.state = 'waiting';
      dispatch(entry);
    }, ms);
  };

  const dispatch = (entry: Entry) => {
    if (!handlers || closed) return;
    const run = handlers[entry.name];
    entry.state = 'active';
    entry.attempt += 1;
    const started = clock.now();
    const done = Promise.resolve()
      .then(() => run(entry.data))
      .then(
        () => {
          jobs.delete(entry.id);
          logger.debug(
            { job: entry.name, id: entry.id, requestId: entry.data.requestId, ms: clock.now() - started },
            'job done',
          );
        },
        (err: unknown) => retryOrDrop(entry, err),
      )
      .finally(() => inflight.delete(done));
    inflight.add(done);
  };

  const retryOrDrop = (entry: Entry, err: unknown) => {
    const log = {
      job: entry.name,
      id: entry.id,
      requestId: entry.data.requestId,
      attempt: entry.attempt,
      err,
    };
    if (closed || entry.attempt >= attempts) {
      jobs.delete(entry.id);
      logger.error(log, 'job failed for good');
      return;
    }
    logger.warn(log, 'job failed; will retry');
    schedule(entry, backoffMs * 2 ** (entry.attempt - 1));
  };

  return {
    async enqueue(name: JobName, data: JobData, opts: EnqueueOptions) {
      if (closed) throw new Error(`job runner is closed; ${name} job ${opts.id} not taken`);
      if (jobs.has(opts.id)) return;
      const entry: Entry = { id: opts.id, name, data: structuredClone(data), attempt: 0, state: 'waiting' };
      jobs.set(opts.id, entry);
      if (opts.delayMs && opts.delayMs > 0) schedule(entry, opts.delayMs);
      else dispatch(entry);
    },
    async start(next: JobHandlers) {
      if (closed) throw new Error('job runner is closed');
      handlers = next;
      for (const entry of jobs.values()) if (entry.state === 'waiting') dispatch(entry);
    },
    async counts() {
      const states = [...jobs.values()].map((e) => e.state);
      const count = (s: Entry['state']) => states.filter((x) => x === s).length;
      return { waiting: count('waiting'), active: count('active'), delayed: count('delayed') };
    },
    async close() {
      closed = true;
      let dropped = 0;
      for (const entry of jobs.values()) {
        if (entry.timer) clearTimeout(entry.timer);
        if (entry.state !== 'active') dropped += 1;
      }
      if (dropped > 0) logger.warn({ dropped }, 'job runner closed with jobs not yet run');
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      jobs.clear();
    },
  };
}
