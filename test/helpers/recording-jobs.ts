import type { EnqueueOptions, JobData, JobName, JobRunner } from '../../src/jobs/types.js';

/** A job runner that runs nothing and records, in `enqueued`, every job given to it. */
export function recordingJobs() {
  const enqueued: { name: JobName; data: JobData; options: EnqueueOptions }[] = [];
  const jobs: JobRunner = {
    enqueue: async (name, data, options) => {
      enqueued.push({ name, data, options });
    },
    start: async () => {},
    counts: async () => ({ waiting: 0, active: 0, delayed: 0 }),
    close: async () => {},
  };
  return { jobs, enqueued };
}
