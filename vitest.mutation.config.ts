import { defineConfig } from 'vitest/config';

/**
 * The tests the mutation run uses: everything that runs the safety code in this process
 * (unit tests, the store contract, the provider contracts against their fakes). End-to-end
 * suites are left out: those that start the bot as a child process would not report which
 * mutant they ran, and the in-process ones made the run take over an hour on this shared
 * 2-core machine (the limit is 20 minutes).
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/contracts/store.memory.test.ts',
      'test/contracts/{sandbox,huawei,zenlayer,alibaba}.contract.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
