import { describe, expect, it } from 'vitest';
import type { TargetState } from '../../src/providers/types.js';
import { runStop } from '../../src/workflow/run-stop.js';
import { runTrack } from '../../src/workflow/run-track.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** A start request (the undo of a stop) runs through the same jobs with the start rules. */

const report = (id: string, state: TargetState) => ({ id, state, status: state.toUpperCase() });

describe('a start request', () => {
  it('calls start, never stop; its targets are recorded starting and audited as a start', async () => {
    const h = workflowHarness();
    const r = await h.request(['vm-1', 'vm-2'], true, 'SR-START000001', 'start');
    await runStop(h.deps, r.id);
    expect(h.calls.start).toEqual([['vm-1', 'vm-2']]);
    expect(h.calls.stop).toEqual([]);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'starting', 'vm-2': 'starting' });
    const audit = await h.store.readAudit(r.id);
    expect(audit.filter((e) => e.type === 'start_submitted')).toHaveLength(1);
    expect(audit.filter((e) => e.type === 'stop_submitted')).toHaveLength(0);
  });

  it('after a crash, running or starting machines are settled and down ones started once more', async () => {
    const seen: Record<string, TargetState> = {
      'vm-1': 'starting',
      'vm-2': 'stopped',
      'vm-3': 'running',
      'vm-4': 'stopping',
    };
    const h = workflowHarness({
      status: async (ms) => ms.map((m) => report(m.id, seen[m.id] ?? 'stopped')),
    });
    const r = await h.request(['vm-1', 'vm-2', 'vm-3', 'vm-4', 'vm-5'], true, 'SR-START000002', 'start');
    await h.store.claimTargets(r.id, ['vm-1', 'vm-2', 'vm-3', 'vm-4'], ['pending'], {
      state: 'submitting',
      at: h.clock.t,
    });
    await runStop(h.deps, r.id);
    expect(h.calls.status).toEqual([['vm-1', 'vm-2', 'vm-3', 'vm-4']]);
    expect(h.calls.start).toEqual([['vm-5', 'vm-2', 'vm-4']]);
    expect(h.calls.stop).toEqual([]);
    expect(await h.states(r.id)).toEqual({
      'vm-1': 'starting',
      'vm-2': 'starting',
      'vm-3': 'running',
      'vm-4': 'starting',
      'vm-5': 'starting',
    });
  });

  it('tracking: down or going down is still starting, running is the end, failed is final', async () => {
    const states: Record<string, TargetState> = {
      'vm-1': 'stopped',
      'vm-2': 'running',
      'vm-3': 'stopping',
      'vm-4': 'failed',
    };
    const h = workflowHarness({
      track: async (ms, tracking) => ({
        reports: ms.map((m) => report(m.id, states[m.id] ?? 'running')),
        tracking,
      }),
    });
    const r = await h.request(['vm-1', 'vm-2', 'vm-3', 'vm-4'], true, 'SR-START000003', 'start');
    await runStop(h.deps, r.id);
    await runTrack(h.deps, r.id, 1);
    expect(h.calls.track).toEqual([['vm-1', 'vm-2', 'vm-3', 'vm-4']]);
    expect(await h.states(r.id)).toEqual({
      'vm-1': 'starting',
      'vm-2': 'running',
      'vm-3': 'starting',
      'vm-4': 'failed',
    });
    expect(await h.counted('targets')).toEqual({ running: 1, failed: 1 });
    expect((await h.store.getRequest(r.id))?.state).toBe('approved');

    states['vm-1'] = 'running';
    states['vm-3'] = 'running';
    await runTrack(h.deps, r.id, 2);
    expect((await h.store.getRequest(r.id))?.state).toBe('done');
    expect(await h.counted('targets')).toEqual({ running: 3, failed: 1 });
  });
});
