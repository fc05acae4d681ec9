import { createMemoryRunner } from '../../src/jobs/memory-runner.js';
import { jobsContract } from './jobs.contract.js';

jobsContract('memory', async () => {
  const runner = createMemoryRunner({ attempts: 3, backoffMs: 50 });
  return { runner, cleanup: () => runner.close() };
});
