/**
 * A worker process that takes a job and never finishes it, so a test can kill it
 * mid-job. Usage: node --import tsx stuck-bullmq-worker.ts <redisUrl> <prefix> <queueName>
 * Prints `active <requestId>` on stdout when a handler starts.
 */
import { createBullmqRunner } from '../../src/jobs/bullmq-runner.js';
import type { JobHandler } from '../../src/jobs/types.js';

const [url, prefix, queueName] = process.argv.slice(2);
if (!url || !prefix || !queueName)
  throw new Error('usage: stuck-bullmq-worker <redisUrl> <prefix> <queueName>');

const runner = createBullmqRunner({
  connection: url,
  prefix,
  queueName,
  lockDurationMs: 1_000,
  stalledIntervalMs: 1_000,
});
const hang: JobHandler = (data) => {
  process.stdout.write(`active ${data.requestId}\n`);
  return new Promise<void>(() => {});
};
await runner.start({ stop: hang, track: hang, expire: hang, notice: hang });
process.stdout.write('ready\n');
