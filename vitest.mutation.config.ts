import { defineConfig } from 'vitest/config';

/**
 * The tests the mutation run uses: everything that runs the safety code in this process
 * (unit, store and provider contracts, in-process end-to-end flows). Tests that start the
 * bot as a child process (replicas, crash, startup) are left out: a child would not report
 * which mutant it ran.
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/contracts/store.*.test.ts',
      'test/contracts/{sandbox,huawei,zenlayer,alibaba}.contract.test.ts',
      'test/contracts/jobs.memory.test.ts',
      'test/e2e/{sandbox-flow,huawei-flow,zenlayer-flow,alibaba-flow,provider-faults}.test.ts',
      'test/e2e/{security-clicks,security-stale-approval,redelivery,audit,metrics,card-limits,permissions}.test.ts',
      'test/e2e/{reconcile,slack-faults}.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
