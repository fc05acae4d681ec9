import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { TransportError } from '../../src/errors.js';
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

/** A cloud that never answers: every call fails as a lost connection would. */
const lost = async (): Promise<never> => {
  throw new TransportError('network', 'network error (ECONNRESET) calling the cloud');
};
const unreachable: Provider = fakeProvider({
  probe: lost,
  stop: lost,
  start: lost,
  track: lost,
  status: lost,
  findByTags: lost,
});

describe('a stop whose cloud stays unreachable', () => {
  it('is retried until the tracking timeout, then ends timed out with the reason and one summary', async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ now: () => now });
    const jobs = createMemoryRunner({});
    const summaries: string[][] = [];
    const notifier = quietNotifier({
      summary: async (_thread, _r, outcomes) => {
        summaries.push(Object.values(outcomes).map((o) => `${o.state}: ${o.reason ?? ''}`));
        return true;
      },
    });
    const metrics = createMetrics({ defaultMetrics: false });
    const deps: WorkflowDeps = {
      store,
      providers: new Map([['sandbox', unreachable]]),
      jobs,
      notifier,
      clock: { now: () => now, sleep: async () => {} },
      logger: silentLogger,
      metrics,
      settings: { pollIntervalMs: 1000, timeoutMs: 60_000, progressEveryMs: 0 },
    };
    const machines = [{ id: 'vm-1', name: 'web-1', status: 'RUNNING', stopped: false }];
    const { request, decided } = await approvedRequest(store, {
      id: 'SR-0000000001',
      provider: 'sandbox',
      machines,
      now,
    });
    expect(decided.ok).toBe(true);

    // Within the timeout a lost answer is thrown, so the job retries (and re-checks status first).
    await expect(runStop(deps, request.id)).rejects.toThrow(/ECONNRESET/);
    now += 30_000;
    await expect(runStop(deps, request.id)).rejects.toThrow(/ECONNRESET/);
    expect((await store.getOutcomes(request.id))['vm-1']?.state).toBe('submitting');

    // Past the timeout the request ends honestly instead of retrying forever.
    now += 31_000;
    await runStop(deps, request.id);
    const outcome = (await store.getOutcomes(request.id))['vm-1'];
    expect(outcome?.state).toBe('timed_out');
    expect(outcome?.reason).toMatch(/could not be confirmed before the tracking timeout.*ECONNRESET/);
    await runTrack(deps, request.id, 1);
    expect((await store.getRequest(request.id))?.state).toBe('done');
    expect(summaries).toEqual([[expect.stringMatching(/^timed_out: the stop could not be confirmed/)]]);
    // The target timed out in the stop job is counted once among the final outcomes.
    const counted = (await metrics.targets.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(counted).toEqual([['timed_out', 1]]);
    await jobs.close();
  });
});
