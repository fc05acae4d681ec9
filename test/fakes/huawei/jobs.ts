/** The fake ECS's jobs (BatchStopServers / BatchStartServers) and their ShowJob bodies (spec §3). */

export type SubOutcome = 'stop' | 'start' | 'refused' | 'start-refused' | 'bad-state' | 'missing';

export interface SubJobRecord {
  serverId: string;
  outcome: SubOutcome;
  doneAt: number;
}

/** A job that fails as a whole before it has any sub-job: no server is acted on. */
export interface WholeJobFailure {
  code: string;
  reason: string;
}

export interface JobRecord {
  id: string;
  createdAt: number;
  subs: SubJobRecord[];
  expired: boolean;
  kind: 'stop' | 'start';
  /** Set when the job failed as a whole at the end of INIT (its `subs` are then empty). */
  whole?: WholeJobFailure;
}

export const SUB_FAILURES: Record<
  Exclude<SubOutcome, 'stop' | 'start'>,
  { code: string; message: string }
> = {
  refused: { code: 'Ecs.1000', message: 'Nova stop failed: the guest OS did not shut down.' },
  'start-refused': { code: 'Ecs.1000', message: 'Nova start failed: no capacity left for the flavor.' },
  'bad-state': { code: 'Ecs.0100', message: 'The ECS status does not meet requirements for this operation.' },
  missing: { code: 'Ecs.0114', message: 'The ECS does not exist.' },
};

const iso = (ms: number) => new Date(ms).toISOString();

function header(job: JobRecord) {
  return {
    job_id: job.id,
    job_type: job.kind === 'start' ? 'batchStartServers' : 'batchStopServers',
    begin_time: iso(job.createdAt),
  };
}

/**
 * ShowJob's body at `now`. For its first `initMs` a job is INIT, without sub_jobs (spec §3: they
 * "may be missing or empty while INIT"); then a job that failed as a whole is FAIL with only the
 * top-level error, and any other shows one sub-job per server.
 */
export function renderJob(job: JobRecord, now: number, initMs: number): Record<string, unknown> {
  if (now < job.createdAt + initMs) {
    return {
      status: 'INIT',
      ...header(job),
      end_time: '',
      error_code: null,
      fail_reason: null,
      entities: {},
    };
  }
  if (job.whole) {
    return {
      status: 'FAIL',
      ...header(job),
      end_time: iso(job.createdAt + initMs),
      error_code: job.whole.code,
      fail_reason: job.whole.reason,
      entities: {},
    };
  }
  const subJobs = job.subs.map((sub, i) => {
    const done = now >= sub.doneAt;
    const failure = sub.outcome === 'stop' || sub.outcome === 'start' ? undefined : SUB_FAILURES[sub.outcome];
    const status = !done ? 'RUNNING' : failure ? 'FAIL' : 'SUCCESS';
    return {
      status,
      job_id: `${job.id}-${i}`,
      job_type: `${job.kind}Server`,
      entities: {
        server_id: sub.serverId,
        ...(status === 'FAIL' ? { errorcode_message: failure?.message } : {}),
      },
      begin_time: iso(job.createdAt),
      end_time: done ? iso(sub.doneAt) : '',
      error_code: status === 'FAIL' ? (failure?.code ?? null) : null,
      fail_reason: status === 'FAIL' ? (failure?.message ?? null) : null,
    };
  });
  const running = subJobs.some((s) => s.status === 'RUNNING');
  const failed = subJobs.some((s) => s.status === 'FAIL');
  return {
    status: running ? 'RUNNING' : failed ? 'FAIL' : 'SUCCESS',
    ...header(job),
    end_time: running ? '' : iso(Math.max(...job.subs.map((s) => s.doneAt))),
    error_code: !running && failed ? 'Ecs.0611' : null,
    fail_reason: !running && failed ? `Some ECSs failed to ${job.kind}.` : null,
    entities: { sub_jobs_total: subJobs.length, sub_jobs: subJobs },
  };
}
