import { describe, expect, it } from 'vitest';
import { onceKeys } from '../../src/approvals/once-keys.js';
import { SlackPostError } from '../../src/errors.js';
import { finishRequest } from '../../src/workflow/finish.js';
import { recordReports } from '../../src/workflow/record.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** Outcomes recorded from the cloud's reports, and the end of a request: each exactly as the code claims. */

describe('recordReports', () => {
  it('no reports: nothing recorded, nothing failed', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    expect(await recordReports(h.deps, r, [], {})).toEqual([]);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'pending' });
  });

  it('a target still running (or starting) while a stop is tracked is in flight, not settled or counted', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2']);
    const failed = await recordReports(
      h.deps,
      r,
      [
        { id: 'vm-1', state: 'running', status: 'RUNNING' },
        { id: 'vm-2', state: 'starting', status: 'STARTING' },
      ],
      {},
    );
    expect(failed).toEqual([]);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'stopping', 'vm-2': 'stopping' });
    expect(await h.counted('targets')).toEqual({});
  });

  it('an unchanged report is not written again; a changed status or reason is', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2', 'vm-3']);
    const first = [
      { id: 'vm-1', state: 'stopping' as const, status: 'STOPPING' },
      { id: 'vm-2', state: 'stopping' as const, status: 'STOPPING' },
      { id: 'vm-3', state: 'stopping' as const, status: 'STOPPING', reason: 'slow' },
    ];
    await recordReports(h.deps, r, first, {});
    const before = await h.store.getOutcomes(r.id);
    const t0 = h.clock.t;
    h.clock.t += 5_000;
    await recordReports(
      h.deps,
      r,
      [
        { id: 'vm-1', state: 'stopping', status: 'STOPPING' },
        { id: 'vm-2', state: 'stopping', status: 'POWERING_OFF' },
        { id: 'vm-3', state: 'stopping', status: 'STOPPING', reason: 'slower' },
      ],
      before,
    );
    const after = await h.store.getOutcomes(r.id);
    expect(after['vm-1']?.at).toBe(t0);
    expect(after['vm-2']).toMatchObject({ at: t0 + 5_000, status: 'POWERING_OFF' });
    expect(after['vm-3']).toMatchObject({ at: t0 + 5_000, reason: 'slower' });
  });

  it('counts each newly final target once, returns the newly failed, observes time to stopped in seconds', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2', 'vm-3']);
    h.clock.t += 4_000; // decided 4 s ago
    const reports = [
      { id: 'vm-1', state: 'stopped' as const, status: 'STOPPED' },
      { id: 'vm-2', state: 'failed' as const, status: 'RUNNING', reason: 'refused' },
      { id: 'vm-3', state: 'stopping' as const, status: 'STOPPING' },
      { id: 'not-a-target', state: 'failed' as const, status: 'X' },
    ];
    const failed = await recordReports(h.deps, r, reports, {});
    expect(failed.map((m) => m.id)).toEqual(['vm-2']);
    expect(await h.counted('targets')).toEqual({ stopped: 1, failed: 1 });
    const hist = (await h.metrics.timeToStopped.get()).values;
    expect(hist.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(4);
    expect(hist.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(1);

    // The same reports again: already final, neither counted nor failed again.
    const again = await recordReports(h.deps, r, reports, await h.store.getOutcomes(r.id));
    expect(again).toEqual([]);
    expect(await h.counted('targets')).toEqual({ stopped: 1, failed: 1 });

    // The one still stopping stops 2 s later: observed at 6 s; failures never are.
    h.clock.t += 2_000;
    const later = [{ id: 'vm-3', state: 'stopped' as const, status: 'STOPPED' }];
    await recordReports(h.deps, r, later, await h.store.getOutcomes(r.id));
    const after = (await h.metrics.timeToStopped.get()).values;
    expect(after.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(10);
    expect(after.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(2);
  });
});

describe('finishRequest', () => {
  it('moves approved → done once, counts it, audits every outcome, posts summary, card and incident once', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.recordOutcomes(r.id, {
      'vm-1': { state: 'stopped', status: 'STOPPED', at: h.clock.t },
      'vm-2': { state: 'failed', status: 'RUNNING', at: h.clock.t },
    });
    await finishRequest(h.deps, r);
    expect((await h.store.getRequest(r.id))?.state).toBe('done');
    expect(await h.counted('requests')).toEqual({ done: 1 });
    const finished = (await h.store.readAudit(r.id)).filter((e) => e.type === 'finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]?.detail).toEqual({ outcomes: { 'vm-1': 'stopped', 'vm-2': 'failed' } });
    expect(h.posted).toMatchObject({ summaries: 1, cards: 1, incidents: ['finished'] });

    // Again (a retry, another replica): nothing more.
    await finishRequest(h.deps, r);
    expect(await h.counted('requests')).toEqual({ done: 1 });
    expect((await h.store.readAudit(r.id)).filter((e) => e.type === 'finished')).toHaveLength(1);
    expect(h.posted).toMatchObject({ summaries: 1, cards: 1, incidents: ['finished'] });
    expect(h.enqueued).toEqual([]);

    // Long after the summary lease ran out: still posted once.
    h.clock.t += 3_600_000;
    await finishRequest(h.deps, r);
    expect(h.posted).toMatchObject({ summaries: 1, cards: 1, incidents: ['finished'] });
  });

  it('a request that is not approved is not finished and nothing is posted', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    await finishRequest(h.deps, r);
    expect((await h.store.getRequest(r.id))?.state).toBe('pending');
    expect(h.posted).toMatchObject({ summaries: 0, cards: 0, incidents: [] });
    expect(await h.counted('requests')).toEqual({});
  });

  it('a summary that could not be posted gives back its claim and throws; the retry posts it once', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    h.summaryAnswers.push(false);
    await expect(finishRequest(h.deps, r)).rejects.toBeInstanceOf(SlackPostError);
    expect(h.posted).toMatchObject({ summaries: 1, cards: 0, incidents: [] });
    await finishRequest(h.deps, r);
    expect(h.posted).toMatchObject({ summaries: 2, cards: 1, incidents: ['finished'] });
    expect(h.enqueued).toEqual([]);
  });

  it('a summary claimed by another replica is not posted here; a recheck is scheduled after the lease', async () => {
    const h = workflowHarness({}, { summaryLeaseMs: 7_000 });
    const r = await h.request(['vm-1']);
    expect(await h.store.claimOnce(onceKeys.summary(r.id), 7_000)).toBe(true);
    await finishRequest(h.deps, r);
    expect(h.posted).toMatchObject({ summaries: 0, cards: 0, incidents: [] });
    const slot = Math.floor(h.clock.t / 7_000);
    expect(h.enqueued).toEqual([
      {
        name: 'track',
        data: { requestId: r.id, round: 0 },
        options: { id: `summary-${r.id}-${slot}`, delayMs: 7_000 },
      },
    ]);
    // The lease ran out with nothing posted: the recheck posts it.
    h.clock.t += 7_001;
    await finishRequest(h.deps, r);
    expect(h.posted).toMatchObject({ summaries: 1, cards: 1, incidents: ['finished'] });
  });
});
