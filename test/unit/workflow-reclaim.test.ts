import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors.js';
import { runStop } from '../../src/workflow/run-stop.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** A target a crashed attempt may have sent, re-claimed, whose call then fails to reach the cloud. */
describe('runStop re-claim', () => {
  it('keeps the target claimed as submitting, so the retried job re-reads and stops it once', async () => {
    let reachable = false;
    const h = workflowHarness({
      stop: async (ms) => {
        if (!reachable) throw new TransportError('network', 'connection reset');
        return { reports: [], tracking: { accepted: ms.map((m) => m.id) } };
      },
    });
    const r = await h.request(['vm-1']);
    await h.store.claimTargets(r.id, ['vm-1'], ['pending'], { state: 'submitting', at: h.clock.t });

    await expect(runStop(h.deps, r.id)).rejects.toBeInstanceOf(TransportError);
    expect((await h.store.getOutcomes(r.id))['vm-1']).toEqual({ state: 'submitting', at: h.clock.t });

    reachable = true;
    await runStop(h.deps, r.id);
    expect(h.calls.status).toEqual([['vm-1'], ['vm-1']]);
    expect(h.calls.stop).toEqual([['vm-1'], ['vm-1']]);
    expect(await h.states(r.id)).toEqual({ 'vm-1': 'stopping' });
  });
});
