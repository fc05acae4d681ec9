import { describe, expect, it } from 'vitest';
import { markKeys } from '../../src/approvals/once-keys.js';
import { ProviderError, ProviderNotConfiguredError, TransportError } from '../../src/errors.js';
import { runStop } from '../../src/workflow/run-stop.js';
import { runTrack } from '../../src/workflow/run-track.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** The stop job and the tracking rounds: which targets reach the cloud, when, and what is recorded. */

const refused = () =>
  new ProviderError({
    provider: 'sandbox',
    providerCode: 'Denied',
    message: 'not allowed',
    retryable: false,
  });
const unreachable = () => new TransportError('network', 'connection refused');

describe('runStop', () => {
  it('calls no cloud for a request that is not approved', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    await runStop(h.deps, r.id);
    expect(h.calls).toEqual({ stop: [], track: [], status: [], start: [] });
    expect(h.enqueued).toEqual([]);
  });

  it('a request for a provider this replica lacks is an error, not a silent success', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    h.deps.providers = new Map();
    await expect(runStop(h.deps, r.id)).rejects.toBeInstanceOf(ProviderNotConfiguredError);
  });

  it('stops every target once, records them stopping, audits, schedules round 1; a second run calls nothing', async () => {
    const h = workflowHarness({
      stop: async (ms) => ({ reports: [], tracking: { accepted: ms.map((m) => m.id) } }),
    });
    const r = await h.request(['vm-1', 'vm-2']);
    await runStop(h.deps, r.id);
    expect(h.calls.stop).toEqual([['vm-1', 'vm-2']]);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'stopping', 'vm-2': 'stopping' });
    const audit = (await h.store.readAudit(r.id)).filter((e) => e.type === 'stop_submitted');
    expect(audit.map((e) => e.detail)).toEqual([{ targets: 2, refused: 0, rechecked: 0 }]);
    expect(h.enqueued).toEqual([
      {
        name: 'track',
        data: { requestId: r.id, round: 1 },
        options: { id: expect.any(String), delayMs: 1000 },
      },
    ]);

    await runStop(h.deps, r.id);
    expect(h.calls.stop).toEqual([['vm-1', 'vm-2']]);
    expect(h.calls.status).toEqual([]);
  });

  it('tracking from several attempts is merged, lists concatenated', async () => {
    const h = workflowHarness({
      stop: async (ms) => ({ reports: [], tracking: { accepted: ms.map((m) => m.id), last: 2 } }),
    });
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.setTracking(r.id, { accepted: ['vm-0'], last: 1, kept: true });
    await runStop(h.deps, r.id);
    expect(await h.store.getTracking(r.id)).toEqual({
      accepted: ['vm-0', 'vm-1', 'vm-2'],
      last: 2,
      kept: true,
    });
  });

  it('targets a crashed attempt may have sent are re-read: stopping ones settled, running ones stopped once', async () => {
    const h = workflowHarness({
      status: async (ms) =>
        ms.map((m) =>
          m.id === 'vm-1'
            ? { id: m.id, state: 'stopping' as const, status: 'STOPPING' }
            : m.id === 'vm-4'
              ? { id: m.id, state: 'stopped' as const, status: 'STOPPED' }
              : { id: m.id, state: 'running' as const, status: 'RUNNING' },
        ),
    });
    const r = await h.request(['vm-1', 'vm-2', 'vm-3', 'vm-4']);
    await h.store.claimTargets(r.id, ['vm-1', 'vm-2', 'vm-4'], ['pending'], {
      state: 'submitting',
      at: h.clock.t,
    });
    await runStop(h.deps, r.id);
    expect(h.calls.status).toEqual([['vm-1', 'vm-2', 'vm-4']]);
    expect(h.calls.stop).toEqual([['vm-3', 'vm-2']]);
    expect(await h.states(r.id)).toEqual({
      'vm-1': 'stopping',
      'vm-2': 'stopping',
      'vm-3': 'stopping',
      'vm-4': 'stopped',
    });
    const audit = (await h.store.readAudit(r.id)).filter((e) => e.type === 'stop_submitted');
    expect(audit.map((e) => e.detail)).toEqual([{ targets: 2, refused: 0, rechecked: 3 }]);
  });

  it('an uncertain target another replica re-claimed first is not sent from here', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.claimTargets(r.id, ['vm-1'], ['pending'], { state: 'submitting', at: h.clock.t });
    const claim = h.store.claimTargets.bind(h.store);
    h.store.claimTargets = async (id, ids, from, to) =>
      from.includes('submitting') ? [] : claim(id, ids, from, to);
    await runStop(h.deps, r.id);
    expect(h.calls.status).toEqual([['vm-1']]);
    expect(h.calls.stop).toEqual([['vm-2']]);
  });

  it('a refusal marks the batch failed with the reason and posts the failures; nothing is thrown', async () => {
    const h = workflowHarness({
      stop: async () => {
        throw refused();
      },
    });
    const r = await h.request(['vm-1', 'vm-2']);
    await runStop(h.deps, r.id);
    const outcomes = await h.store.getOutcomes(r.id);
    expect(Object.values(outcomes).map((o) => [o.state, o.reason])).toEqual([
      ['failed', 'Denied: not allowed'],
      ['failed', 'Denied: not allowed'],
    ]);
    expect(h.posted.failures).toEqual([['vm-1', 'vm-2']]);
    expect(await h.counted('targets')).toEqual({ failed: 2 });
  });

  it('an unreachable cloud before the timeout is thrown for the job to retry; nothing is recorded stopping', async () => {
    const h = workflowHarness({
      stop: async () => {
        throw unreachable();
      },
    });
    const r = await h.request(['vm-1']);
    h.clock.t += 59_999;
    await expect(runStop(h.deps, r.id)).rejects.toBeInstanceOf(TransportError);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'submitting' });
  });

  it('a retryable cloud error (5xx) before the timeout is thrown for the job to retry, not recorded failed', async () => {
    const h = workflowHarness({
      stop: async () => {
        throw new ProviderError({
          provider: 'sandbox',
          providerCode: 'InternalError',
          message: 'busy',
          retryable: true,
        });
      },
    });
    const r = await h.request(['vm-1']);
    await expect(runStop(h.deps, r.id)).rejects.toBeInstanceOf(ProviderError);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'submitting' });
  });

  it('exactly at the timeout an unreachable cloud ends the targets timed out, counted', async () => {
    const h = workflowHarness({
      stop: async () => {
        throw unreachable();
      },
    });
    const r = await h.request(['vm-1']);
    h.clock.t += 60_000;
    await runStop(h.deps, r.id);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'timed_out' });
    expect(await h.counted('targets')).toEqual({ timed_out: 1 });
  });

  it('at the timeout, a status re-read that cannot reach the cloud ends the uncertain targets timed out', async () => {
    const h = workflowHarness({
      status: async () => {
        throw unreachable();
      },
    });
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.claimTargets(r.id, ['vm-1'], ['pending'], { state: 'submitting', at: h.clock.t });
    h.clock.t += 60_000;
    await runStop(h.deps, r.id);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'timed_out', 'vm-2': 'stopping' });
    expect(h.calls.stop).toEqual([['vm-2']]);
  });
});

describe('runTrack', () => {
  it('does nothing for a request that is not approved', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1'], false);
    await runTrack(h.deps, r.id, 1);
    expect(h.calls).toEqual({ stop: [], track: [], status: [], start: [] });
    expect(h.enqueued).toEqual([]);
    expect(await h.store.getMark(markKeys.trackRound(r.id))).toBeNull();
  });

  it('a provider this replica lacks: no round runs and none is scheduled', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t } });
    h.deps.providers = new Map();
    await runTrack(h.deps, r.id, 1);
    expect(h.enqueued).toEqual([]);
    expect(await h.store.getMark(markKeys.trackRound(r.id))).toBeNull();
  });

  it('with nothing stopping yet the cloud is not asked, nothing fails, the next round is scheduled', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await runTrack(h.deps, r.id, 1);
    expect(h.calls).toEqual({ stop: [], track: [], status: [], start: [] });
    expect(h.posted.failures).toEqual([]);
    expect(h.enqueued.map((e) => e.data.round)).toEqual([2]);
  });

  it('with a long timeout the round mark lives twice the timeout', async () => {
    const h = workflowHarness({}, { timeoutMs: 7_200_000 });
    const r = await h.request(['vm-1']);
    await runTrack(h.deps, r.id, 1);
    h.clock.t += 14_000_000;
    expect(await h.store.getMark(markKeys.trackRound(r.id))).toBe(1);
  });

  it('a done request whose summary is still owed gets it posted', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1']);
    await h.store.finish(r.id, h.clock.t);
    await runTrack(h.deps, r.id, 0);
    expect(h.posted.summaries).toBe(1);
    expect(h.calls.track).toEqual([]);
  });

  it('tracks only the stopping targets; records the round for at least an hour', async () => {
    const h = workflowHarness({
      track: async (ms, tracking) => ({
        reports: ms.map((m) => ({ id: m.id, state: 'stopping' as const, status: 'STOPPING' })),
        tracking,
      }),
    });
    const r = await h.request(['vm-1', 'vm-2', 'vm-3']);
    await h.store.recordOutcomes(r.id, {
      'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t },
      'vm-2': { state: 'stopped', status: 'STOPPED', at: h.clock.t },
    });
    await runTrack(h.deps, r.id, 3);
    expect(h.calls.track).toEqual([['vm-1']]);
    expect((await h.store.getRequest(r.id))?.state).toBe('approved'); // two still in flight
    h.clock.t += 3_000_000; // past twice the timeout, within the hour
    expect(await h.store.getMark(markKeys.trackRound(r.id))).toBe(3);
  });

  it('writes tracking only when it changed', async () => {
    let next: Record<string, unknown> = { jobs: ['j1'] };
    const h = workflowHarness({ track: async () => ({ reports: [], tracking: next }) });
    const r = await h.request(['vm-1']);
    await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t } });
    let writes = 0;
    const setTracking = h.store.setTracking.bind(h.store);
    h.store.setTracking = async (id, t) => {
      writes += 1;
      return setTracking(id, t);
    };
    await h.store.setTracking(r.id, { jobs: ['j1'] });
    await runTrack(h.deps, r.id, 1);
    expect(writes).toBe(1);
    next = { jobs: ['j2'] };
    await runTrack(h.deps, r.id, 2);
    expect(writes).toBe(2);
    expect(await h.store.getTracking(r.id)).toEqual({ jobs: ['j2'] });
  });

  it('the next round is a poll interval after this one began, never negative', async () => {
    let roundMs = 300;
    const h = workflowHarness({
      track: async (_ms, tracking) => {
        h.clock.t += roundMs;
        return { reports: [], tracking };
      },
    });
    const r = await h.request(['vm-1']);
    await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t } });
    await runTrack(h.deps, r.id, 4);
    expect(h.enqueued.map((e) => [e.data.round, e.options.delayMs])).toEqual([[5, 700]]);
    roundMs = 2_500;
    await runTrack(h.deps, r.id, 5);
    expect(h.enqueued.map((e) => [e.data.round, e.options.delayMs])).toEqual([
      [5, 700],
      [6, 0],
    ]);
  });

  it('when every target is final the request finishes and no further round is scheduled', async () => {
    const h = workflowHarness({
      track: async (ms, tracking) => ({
        reports: ms.map((m) => ({ id: m.id, state: 'stopped' as const, status: 'STOPPED' })),
        tracking,
      }),
    });
    const r = await h.request(['vm-1', 'vm-2']);
    await h.store.recordOutcomes(r.id, {
      'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t },
      'vm-2': { state: 'failed', status: 'RUNNING', at: h.clock.t },
    });
    await runTrack(h.deps, r.id, 1);
    expect((await h.store.getRequest(r.id))?.state).toBe('done');
    expect(h.posted.summaries).toBe(1);
    expect(h.enqueued).toEqual([]);
  });

  it('a round whose cloud call fails is tried again next round', async () => {
    const h = workflowHarness({
      track: async () => {
        throw unreachable();
      },
    });
    const r = await h.request(['vm-1']);
    await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t } });
    await runTrack(h.deps, r.id, 1);
    expect(h.enqueued.map((e) => e.data.round)).toEqual([2]);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'stopping' });
  });

  it('exactly at the timeout the last status decides: stopped, failed, or timed out with the last status', async () => {
    const h = workflowHarness({
      status: async (ms) =>
        ms.map((m) =>
          m.id === 'vm-1'
            ? { id: m.id, state: 'stopped' as const, status: 'STOPPED' }
            : m.id === 'vm-2'
              ? { id: m.id, state: 'failed' as const, status: 'ERROR' }
              : { id: m.id, state: 'stopping' as const, status: 'POWERING_OFF' },
        ),
    });
    const r = await h.request(['vm-1', 'vm-2', 'vm-3', 'vm-4']);
    await h.store.recordOutcomes(r.id, {
      'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t },
      'vm-2': { state: 'stopping', status: 'STOPPING', at: h.clock.t },
      'vm-3': { state: 'stopping', status: 'STOPPING', at: h.clock.t },
      'vm-4': { state: 'stopped', status: 'STOPPED', at: h.clock.t },
    });
    h.clock.t += 60_000;
    await runTrack(h.deps, r.id, 9);
    expect(h.calls.track).toEqual([]);
    expect(h.calls.status).toEqual([['vm-1', 'vm-2', 'vm-3']]);
    const outcomes = await h.store.getOutcomes(r.id);
    expect(Object.fromEntries(Object.entries(outcomes).map(([k, o]) => [k, [o.state, o.status]]))).toEqual({
      'vm-1': ['stopped', 'STOPPED'],
      'vm-2': ['failed', 'ERROR'],
      'vm-3': ['timed_out', 'POWERING_OFF'],
      'vm-4': ['stopped', 'STOPPED'],
    });
    expect(outcomes['vm-3']?.reason).toBe('no stop confirmed before the tracking timeout');
    expect(await h.counted('targets')).toEqual({ stopped: 1, failed: 1, timed_out: 1 });
    expect(h.posted.failures).toEqual([['vm-2']]);
    expect((await h.store.getRequest(r.id))?.state).toBe('done');
  });

  it('at the timeout, a last status read that fails ends the unsettled targets timed out with their known status', async () => {
    const h = workflowHarness({
      status: async () => {
        throw unreachable();
      },
    });
    const r = await h.request(['vm-1']);
    await h.store.recordOutcomes(r.id, { 'vm-1': { state: 'stopping', status: 'STOPPING', at: h.clock.t } });
    h.clock.t += 60_000;
    await runTrack(h.deps, r.id, 9);
    const o = (await h.store.getOutcomes(r.id))['vm-1'];
    expect([o?.state, o?.status]).toEqual(['timed_out', 'STOPPING']);
    expect((await h.store.getRequest(r.id))?.state).toBe('done');
  });
});
