import { createBullmqRunner } from '../../src/jobs/bullmq-runner.js';
import { createTestRedis, deleteByPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { jobsContract } from './jobs.contract.js';

jobsContract('bullmq', async () => {
  const prefix = uniquePrefix('jobs');
  const runner = createBullmqRunner({ connection: REDIS_URL, prefix, attempts: 3, backoffMs: 50 });
  return {
    runner,
    async cleanup() {
      await runner.close();
      const admin = createTestRedis();
      await deleteByPrefix(admin, prefix);
      await admin.quit();
    },
  };
});
