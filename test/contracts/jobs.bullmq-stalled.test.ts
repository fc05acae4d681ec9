import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { createBullmqRunner } from '../../src/jobs/bullmq-runner.js';
import type { JobData, JobHandler } from '../../src/jobs/types.js';
import { createTestRedis, deleteByPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { waitUntil } from '../helpers/wait-until.js';

it('hands a job to another worker when its worker process is killed mid-job', async () => {
  const prefix = uniquePrefix('stalled');
  const queueName = 'stalled-test';
  const options = {
    connection: REDIS_URL,
    prefix,
    queueName,
    lockDurationMs: 1_000,
    stalledIntervalMs: 1_000,
  };
  const runnerB = createBullmqRunner(options);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/stuck-bullmq-worker.ts', REDIS_URL, prefix, queueName],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const admin = createTestRedis();
  try {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    await waitUntil(() => output.includes('ready'), 10_000, 'worker A to start');
    await runnerB.enqueue('stop', { requestId: 'r-stalled' }, { id: 'stop:r-stalled' });
    await waitUntil(() => output.includes('active r-stalled'), 5_000, 'worker A to take the job');
    expect(await runnerB.counts()).toMatchObject({ active: 1 });

    child.kill('SIGKILL');
    await once(child, 'exit');

    const seen: JobData[] = [];
    const record: JobHandler = async (data) => {
      seen.push(data);
    };
    await runnerB.start({ stop: record, track: record, expire: record, notice: record });
    await waitUntil(() => seen.length === 1, 10_000, 'worker B to finish the job');
    expect(seen).toEqual([{ requestId: 'r-stalled' }]);
    await waitUntil(async () => (await runnerB.counts()).active === 0, 5_000, 'no active job');
    expect(await runnerB.counts()).toEqual({ waiting: 0, active: 0, delayed: 0 });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await runnerB.close();
    await deleteByPrefix(admin, prefix);
    await admin.quit();
  }
});
