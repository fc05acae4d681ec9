// Mutation testing of the safety paths: who may approve, what runs after approval, and how each
// cloud is asked to stop. `npm run test:mutation`; the score is in reports/mutation/mutation.json.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/approvals/**/*.ts',
    // Plumbing, not decisions: the Redis connection, key names, the script loader, the codec, caches.
    '!src/approvals/{redis-connection,redis-keys,lua-scripts,request-codec,body-cache,redis-recent}.ts',
    'src/workflow/**/*.ts',
    'src/providers/*/stop.ts',
    'src/providers/*/start.ts',
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
