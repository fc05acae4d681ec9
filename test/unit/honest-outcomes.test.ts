import { expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { newRequest } from '../../src/approvals/new-request.js';
import type { StateStore } from '../../src/approvals/store.js';
import { StateUnavailableError } from '../../src/errors.js';
import { createMemoryRunner } from '../../src/jobs/memory-runner.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { Provider } from '../../src/providers/types.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { runStop } from '../../src/workflow/run-stop.js';
import { fakeProvider } from '../helpers/fake-provider.js';
import { quietNotifier } from '../helpers/quiet-notifier.js';

/**
 * The store goes away right after the cloud accepted the stop (a Redis primary
 * killed mid-stop). What the cloud did is recorded once the store answers again,
 * never reported as "failed to stop: state store not reachable".
 */

const notifier = quietNotifier();

/** A store whose writes fail as unreachable while `down` is true. */
function flakyStore(inner: StateStore, state: { down: boolean; refused: number }): StateStore {
  const writes = new Set(['setTracking', 'recordOutcomes', 'appendAudit', 'getTracking']);
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !writes.has(String(prop))) return value;
      return (...args: unknown[]) => {
        if (state.down) {
          state.refused += 1;
          return Promise.reject(new StateUnavailableError('state store not reachable within 3000 ms'));
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

it('a stop the cloud accepted while the store was away is recorded as stopping once it returns', async () => {
  let now = 1_000_000;
  const inner = createMemoryStore({ now: () => now });
  const outage = { down: false, refused: 0 };
  const store = flakyStore(inner, outage);
  let stopCalls = 0;
  const cloud: Provider = fakeProvider({
    start: async () => ({ reports: [], tracking: { op: 'start' } }),
    stop: async (machines) => {
      stopCalls += 1;
      outage.down = true; // the primary dies the moment the cloud has the stop
      return { reports: [], tracking: { accepted: machines.map((m) => m.id) } };
    },
    track: async () => ({ reports: [], tracking: {} }),
    status: async () => [],
  });

  const deps: WorkflowDeps = {
    store,
    providers: new Map([['sandbox', cloud]]),
    jobs: createMemoryRunner({}),
    notifier,
    // Each wait for the store moves time on; after a few the store is back.
    clock: {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
        if (outage.refused >= 4) outage.down = false;
      },
    },
    logger: silentLogger,
    metrics: createMetrics({ defaultMetrics: false }),
    settings: { pollIntervalMs: 1000, timeoutMs: 60_000, progressEveryMs: 0 },
  };
  const request = newRequest({
    id: 'SR-HONEST0001',
    provider: 'sandbox',
    modes: ['SOFT'],
    requester: 'U0BOB',
    channel: 'C0OPS',
    reason: 'test',
    machines: ['vm-1', 'vm-2'].map((id) => ({ id, name: id, status: 'RUNNING', stopped: false })),
    now,
    expiresInMs: 60_000,
  });
  await inner.createRequest(request);
  await inner.setCard(request.id, { channel: 'C0OPS', ts: '1700000000.000100' });
  const seenVersion = (await inner.getRequest(request.id))?.version;
  expect(
    (
      await inner.decide(request.id, {
        action: 'approve',
        user: 'U0ALICE',
        at: now,
        allowed: true,
        selfApproval: false,
        seenVersion,
      })
    ).ok,
  ).toBe(true);

  await runStop(deps, request.id);

  expect(outage.refused).toBeGreaterThanOrEqual(4);
  expect(stopCalls).toBe(1);
  const outcomes = await inner.getOutcomes(request.id);
  expect(Object.values(outcomes).map((o) => o.state)).toEqual(['stopping', 'stopping']);
  expect(await inner.getTracking(request.id)).toEqual({ accepted: ['vm-1', 'vm-2'] });
});
