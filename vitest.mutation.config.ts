import { defineConfig } from 'vitest/config';

/**
 * The tests the mutation run uses: everything that runs the safety code in this process
 * (unit, the store contract, provider contracts, in-process end-to-end flows). Tests that
 * start the bot as a child process (replicas, crash, startup) are left out: a child would
 * not report which mutant it ran; so are slow suites whose exact call counts race a loaded
 * machine, to keep the run under 20 minutes.
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/contracts/store.memory.test.ts',
      'test/contracts/{sandbox,huawei,zenlayer,alibaba}.contract.test.ts',
      'test/e2e/{sandbox-flow,security-stale-approval}.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
