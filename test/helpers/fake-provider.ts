import type { Provider } from '../../src/providers/types.js';

/**
 * A provider for workflow unit tests: named 'sandbox', SOFT only, no tags; every
 * call answers "nothing happened" (status: running) unless `overrides` says otherwise.
 */
export function fakeProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    name: 'sandbox',
    cloud: 'sandbox',
    capabilities: { modes: ['SOFT'], batchLimit: 100, tags: 'none' },
    resolve: async () => ({ found: [], unknown: [], ambiguous: [] }),
    suggest: async () => [],
    probe: async () => {},
    stop: async () => ({ reports: [], tracking: {} }),
    start: async () => ({ reports: [], tracking: {} }),
    findByTags: async () => ({ machines: [], total: 0, exact: true }),
    track: async (_machines, tracking) => ({ reports: [], tracking }),
    status: async (machines) => machines.map((m) => ({ id: m.id, state: 'running', status: 'RUNNING' })),
    ...overrides,
  } as Provider;
}
