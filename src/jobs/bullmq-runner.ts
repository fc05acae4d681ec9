import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedisClient, openStoreConnection } from '../approvals/redis-connection.js';
import { createRedisKeys } from '../approvals/redis-keys.js';
import type { RedisTarget } from '../config/redis-env.js';
import { StateUnavailableError } from '../errors.js';
import { type Logger, silentLogger } from '../observability/logger.js';
import { toBullmqJobId } from './job-id.js';
import type { EnqueueOptions, JobData, JobHandlers, JobName, JobRunner } from './types.js';

export interface BullmqRunnerOptions {
  /** A live client (only duplicated, never closed here), or a URL or target (Sentinel too). */
  connection: Redis | RedisTarget | string;
  /** The installation's key prefix; BullMQ keys go under `${prefix}:bull`. */
  prefix: string;
  queueName?: string;
  /** Jobs one worker runs at once. Default 8. */
  concurrency?: number;
  /** Tries per job, the first included. Default 3. */
  attempts?: number;
  /** First retry delay; doubles each retry. Default 1 s. */
  backoffMs?: number;
  /** How long close() waits for jobs in hand before closing by force. Default 20 s. */
  closeGraceMs?: number;
  /** How long a worker's lock on a job lasts without renewal. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. Default 30 s. */
  stalledIntervalMs?: number;
  /** How long enqueue waits for a (re)connecting queue client before failing. Default 2 s. */
  connectWaitMs?: number;
  logger?: Logger;
}

const JOB_NAMES: readonly JobName[] = ['stop', 'track', 'expire', 'notice'];
const isJobName = (name: string): name is JobName => JOB_NAMES.some((n) => n === name);

/**
 * Durable jobs in Redis, shared by every replica: one Queue and one Worker.
 * A job whose worker dies (its lock expires) goes back to the queue for another
 * worker (stalled-job detection). An ID is taken while its job exists, which with
 * BullMQ includes a completed job still kept (see removeOnComplete); a job that
 * failed for good is run again when its ID is enqueued again.
 */
export function createBullmqRunner(options: BullmqRunnerOptions): JobRunner {
  const logger = options.logger ?? silentLogger;
  const prefix = createRedisKeys(options.prefix).bullmq;
  const queueName = options.queueName ?? 'stopbot';
  const backoffMs = options.backoffMs ?? 1_000;
  const owned: Redis[] = [];
  /** Dedicated connections, always ours to close. Workers need maxRetriesPerRequest null (BullMQ retries itself). */
  const connect = (worker: boolean): Redis => {
    const extra = worker
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
    const redis =
      options.connection instanceof Redis
        ? options.connection.duplicate(extra)
        : createRedisClient(options.connection, extra);
    redis.on('error', (err: Error) =>
      logger.warn({ err: err.message, worker }, 'job queue connection error'),
    );
    // A connection that gave up (a connect cut short mid-failover ends it) starts again, until close().
    redis.on('end', () => {
      if (closing) return;
      setTimeout(() => {
        if (!closing && redis.status === 'end') redis.connect().catch(() => undefined);
      }, 500).unref();
    });
    owned.push(redis);
    return redis;
  };

  const queueRedis = connect(false);
  // Right after an outage the client may still be reconnecting: enqueue waits briefly for it.
  const queueConn = openStoreConnection(queueRedis, { waitMs: options.connectWaitMs ?? 2_000, logger });
  const queue = new Queue(queueName, {
    connection: queueRedis,
    prefix,
    defaultJobOptions: {
      attempts: Math.max(1, options.attempts ?? 3),
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
    },
  });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'job queue error'));
  let worker: Worker<JobData> | undefined;
  let closing: Promise<void> | undefined;
  /**
   * Graceful: let jobs in hand finish. A worker that cannot reach Redis never
   * finishes closing, so after a grace period it is closed by force; its
   * unfinished jobs stall and another replica takes them over.
   */
  const closeWorker = async (w: Worker<JobData>) => {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), options.closeGraceMs ?? 20_000);
    });
    const done = await Promise.race([w.close().then(() => 'closed' as const), grace]);
    clearTimeout(timer);
    if (done === 'late') {
      logger.warn('job worker did not finish closing in time; closing it by force');
      await w.close(true);
    }
  };
  const shutdown = async () => {
    if (worker) await closeWorker(worker);
    await queue.close();
    await Promise.all(
      owned.map((r) => (r.status === 'ready' ? r.quit().then(() => undefined) : r.disconnect())),
    );
  };

  /** A job that failed for good is run again when its ID is enqueued again (the memory runner forgets it). */
  const reviveIfFailed = async (jobId: string) => {
    if ((await queue.getJobState(jobId)) !== 'failed') return;
    const job = await queue.getJob(jobId);
    try {
      await job?.retry('failed', { resetAttemptsMade: true });
    } catch (err) {
      // Another replica revived it a moment ago: that is the outcome wanted.
      if ((await queue.getJobState(jobId)) === 'failed') throw err;
    }
  };

  return {
    async enqueue(name: JobName, data: JobData, opts: EnqueueOptions) {
      const jobId = toBullmqJobId(opts.id);
      try {
        await queueConn.ready();
        await queue.add(name, data, { jobId, delay: Math.max(0, opts.delayMs ?? 0) });
        await reviveIfFailed(jobId);
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new StateUnavailableError(`job queue: enqueue ${name} failed: ${detail}`, { cause: err });
      }
    },
    async start(handlers: JobHandlers) {
      if (worker || closing) throw new Error('job runner already started or closed');
      worker = new Worker<JobData>(
        queueName,
        async (job) => {
          if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job name ${job.name}`);
          await handlers[job.name](job.data);
        },
        {
          connection: connect(true),
          prefix,
          concurrency: options.concurrency ?? 8,
          lockDuration: options.lockDurationMs ?? 30_000,
          stalledInterval: options.stalledIntervalMs ?? 30_000,
          maxStalledCount: 1,
        },
      );
      worker.on('error', (err) => logger.error({ err: err.message }, 'job worker error'));
      worker.on('active', (job) => logger.debug({ job: job.name, id: job.id }, 'job started'));
      worker.on('failed', (job, err) =>
        logger.warn(
          {
            job: job?.name,
            id: job?.id,
            requestId: job?.data.requestId,
            attempt: job?.attemptsMade,
            err: err.message,
          },
          'job failed',
        ),
      );
      worker.on('stalled', (id) => logger.warn({ id }, 'job stalled; handed to another worker'));
      await worker.waitUntilReady();
    },
    async counts() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      return {
        waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0),
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
      };
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
