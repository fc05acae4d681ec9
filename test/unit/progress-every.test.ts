import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { createMemoryRunner } from '../../src/jobs/memory-runner.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { Provider } from '../../src/providers/types.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { runStop } from '../../src/workflow/run-stop.js';
import { runTrack } from '../../src/workflow/run-track.js';
import { approvedRequest } from '../helpers/approved-request.js';
import { fakeProvider } from '../helpers/fake-provider.js';
import { quietNotifier } from '../helpers/quiet-notifier.js';

/** A cloud that accepts the stop and reports the machine stopped once `stopped()` says so. */
function slowCloud(stopped: () => boolean): Provider {
  return fakeProvider({
    findByTags: async () => {
      throw new Error('no tags in this test');
    },
    track: async (machines) => ({
      reports: machines.map((m) => ({ id: m.id, state: stopped() ? 'stopped' : 'running', status: 'X' })),
      tracking: {},
    }),
  });
}

describe('slack.progressEvery', () => {
  it('bounds every progress edit, the stop job and its retries included; the final state is written once', async () => {
    let now = 1_000_000;
    let down = false;
    const store = createMemoryStore({ now: () => now });
    const jobs = createMemoryRunner({});
    const posts: number[] = [];
    const edits: number[] = [];
    const notifier = quietNotifier({
      postProgress: async () => {
        posts.push(now);
        return { channel: 'C0OPS', ts: '1700000000.000200' };
      },
      editProgress: async () => {
        edits.push(now);
      },
    });
    const deps: WorkflowDeps = {
      store,
      providers: new Map([['sandbox', slowCloud(() => down)]]),
      jobs,
      notifier,
      clock: { now: () => now, sleep: async () => {} },
      logger: silentLogger,
      metrics: createMetrics({ defaultMetrics: false }),
      settings: { pollIntervalMs: 1000, timeoutMs: 600_000, progressEveryMs: 5_000 },
    };
    const machines = [{ id: 'vm-1', name: 'web-1', status: 'RUNNING', stopped: false }];
    const { request, decided } = await approvedRequest(store, {
      id: 'SR-0000000002',
      provider: 'sandbox',
      machines,
      now,
    });
    expect(decided.ok).toBe(true);

    const start = now;
    await runStop(deps, request.id);
    // The stop job run again (a redelivered job) within the window edits nothing.
    now += 100;
    await runStop(deps, request.id);
    for (let round = 1; round <= 12; round++) {
      now += 1_000;
      await runTrack(deps, request.id, round);
    }
    expect(posts).toEqual([start]);
    // 12 rounds a second apart, edits at least 5 s apart: rounds 5 and 10 only.
    expect(edits.map((t) => t - start)).toEqual([5_100, 10_100]);
    down = true;
    now += 1_000;
    await runTrack(deps, request.id, 13);
    // Finishing writes the final state once, whatever the window says.
    expect(edits.map((t) => t - start)).toEqual([5_100, 10_100, 13_100]);
    expect((await store.getRequest(request.id))?.state).toBe('done');
    await jobs.close();
  });
});
