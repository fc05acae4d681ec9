// Mutation testing of the safety paths: who may approve, what runs after approval, and how each
// cloud is asked to stop and how that is confirmed. `npm run test:mutation`; the score is in reports/mutation/mutation.json.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // The decisions: who may approve and how a request moves (approvals: the rules, the memory store
  // that applies them, new requests and their digests, the once-claim keys, the replica confirmation
  // of a claim), what runs after approval (workflow: the stop, tracking rounds, the outcomes,
  // finishing, what to post and posting it again, waiting for the store, expiry, the reconciler),
  // and how each cloud is asked to stop (or start) and how that is confirmed. Left out: the Redis store's own code (redis-*.ts, its Lua
  // scripts and codecs: its contract suite runs against Redis and is not in the mutation run),
  // memory-bounds and request IDs, the job wiring (workflow.ts) and files holding only types.
  mutate: [
    'src/approvals/{policy,transitions,memory-store,new-request,digest,once-keys,replica-confirm}.ts',
    'src/workflow/{run-stop,run-track,finish,record,notices,operation}.ts',
    'src/workflow/{notice-job,persist,expire,reconcile,schedule}.ts',
    'src/providers/*/stop.ts',
    // How a stop (start) is confirmed: a wrong "stopped" would be a silent failure.
    'src/providers/*/track.ts',
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
