import { expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { createMemoryRunner } from '../../src/jobs/memory-runner.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { runStop } from '../../src/workflow/run-stop.js';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { startHuaweiRig } from '../fakes/huawei/rig.js';
import { approvedRequest } from '../helpers/approved-request.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { quietNotifier } from '../helpers/quiet-notifier.js';

const open = closeAfterEach(startHuaweiRig);

const notifier = quietNotifier();

/**
 * A stop job that ran before, claimed its targets and sent the stop, then died before
 * it could record the answer: the targets stay "submitting". The job runs again.
 */
it('a retried stop job re-reads status and sends no second stop to a server already powering off', async () => {
  // The earlier call acted on server 0 only (server 1's call never reached the cloud).
  const { provider, fake } = await open({
    servers: [0, 1].map((i) => ({ id: sid(i), name: `srv-${i}`, state: 'running' as const })),
    stopDelayMs: 60_000,
  });
  fake.state.stop([sid(0)], 'SOFT');

  const now = 1_000_000;
  const store = createMemoryStore({ now: () => now });
  const jobs = createMemoryRunner({});
  const deps: WorkflowDeps = {
    store,
    providers: new Map([[provider.name, provider]]),
    jobs,
    notifier,
    clock: { now: () => now, sleep: async () => {} },
    logger: silentLogger,
    metrics: createMetrics({ defaultMetrics: false }),
    settings: { pollIntervalMs: 1000, timeoutMs: 60_000, progressEveryMs: 0 },
  };
  const machines = [0, 1].map((i) => ({ id: sid(i), name: `srv-${i}`, status: 'ACTIVE', stopped: false }));
  const { request, decided } = await approvedRequest(store, {
    id: 'SR-0000000002',
    provider: provider.name,
    machines,
    now,
  });
  expect(decided.ok).toBe(true);
  await store.claimTargets(request.id, [sid(0), sid(1)], ['pending'], { state: 'submitting', at: now });

  await runStop(deps, request.id);

  // Server 0 was already stopping: no stop reached it again. Server 1 still needed one: sent once.
  expect(fake.stopsWhileStoppingFor(sid(0))).toBe(0);
  expect(fake.stopRequestsFor(sid(0))).toBe(1);
  expect(fake.stopRequestsFor(sid(1))).toBe(1);
  expect(fake.stopsTookHoldFor(sid(1))).toBe(1);
  const outcomes = await store.getOutcomes(request.id);
  expect(outcomes[sid(0)]?.state).toBe('stopping');
  expect(outcomes[sid(1)]?.state).toBe('stopping');
  await jobs.close();
});
