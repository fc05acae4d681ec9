// Mutation testing of the safety paths: who may approve, what runs after approval, and how each
// cloud is asked to stop. `npm run test:mutation`; the score is in reports/mutation/mutation.json.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // The decisions: who may approve and how a request moves (approvals), what runs after
  // approval (workflow: the stop, tracking rounds, the outcomes, finishing, what to post), and how each
  // cloud is asked to stop. The rest (stores, codecs, expiry, reconcile) is left out to keep
  // the run under 20 minutes on a shared 2-core machine.
  mutate: [
    'src/approvals/{policy,transitions}.ts',
    'src/workflow/{run-stop,run-track,finish,record,notices,operation}.ts',
    'src/providers/*/stop.ts',
    // AWS's stop and start calls are described by a spec (Force for HARD, the states each call is blocked by).
    'src/providers/aws/action.ts',
  ],
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
