import { expect, it } from 'vitest';
import type { TargetOutcome } from '../../../src/approvals/types.js';
import type { StoreAccess } from '../store.contract.js';
import { machines, makeRequest, T0 } from './fixtures.js';

const submitting: TargetOutcome = { state: 'submitting', at: T0 + 1 };

export function targetCases(store: StoreAccess): void {
  const created = async (n = 4) => {
    const request = makeRequest({ targets: machines(n) });
    await store().createRequest(request);
    return request;
  };

  it('claims only targets whose state is listed, in the order asked', async () => {
    const request = await created();
    await store().recordOutcomes(request.id, { 'srv-1': { state: 'stopping', at: T0 } });
    const moved = await store().claimTargets(
      request.id,
      ['srv-3', 'srv-1', 'srv-0', 'srv-404'],
      ['pending'],
      submitting,
    );
    expect(moved).toEqual(['srv-3', 'srv-0']);
    const outcomes = await store().getOutcomes(request.id);
    expect(outcomes['srv-0']).toEqual(submitting);
    expect(outcomes['srv-1']).toEqual({ state: 'stopping', at: T0 });
    expect(outcomes['srv-2']?.state).toBe('pending');
    expect(await store().claimTargets(request.id, ['srv-0'], ['pending'], submitting)).toEqual([]);
    expect(
      await store().claimTargets(request.id, ['srv-0', 'srv-1'], ['submitting', 'stopping'], submitting),
    ).toEqual(['srv-0', 'srv-1']);
    expect(await store().claimTargets('req-unknown', ['srv-0'], ['pending'], submitting)).toEqual([]);
  });

  it('gives each target to exactly one of 20 concurrent claims', async () => {
    const request = await created(50);
    const ids = request.targets.map((t) => t.id);
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const order = i % 2 ? [...ids].reverse() : ids;
        return store().claimTargets(request.id, order, ['pending'], { state: 'submitting', at: T0 + i });
      }),
    );
    const all = claims.flat();
    expect(all).toHaveLength(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
  });

  it('records outcomes but never overwrites a terminal one', async () => {
    const request = await created();
    await store().recordOutcomes(request.id, {
      'srv-0': { state: 'stopped', status: 'SHUTOFF', at: T0 + 1 },
      'srv-1': { state: 'failed', reason: 'Ecs.0114: locked', at: T0 + 1 },
      'srv-2': { state: 'stopping', status: 'ACTIVE', at: T0 + 1 },
      'srv-404': { state: 'stopped', at: T0 + 1 },
    });
    await store().recordOutcomes(request.id, {
      'srv-0': { state: 'stopping', at: T0 + 2 },
      'srv-1': { state: 'stopped', at: T0 + 2 },
      'srv-2': { state: 'timed_out', reason: 'still ACTIVE', at: T0 + 2 },
      'srv-3': { state: 'stopping', at: T0 + 2 },
    });
    await store().recordOutcomes(request.id, { 'srv-2': { state: 'stopped', at: T0 + 3 } });
    expect(await store().getOutcomes(request.id)).toEqual({
      'srv-0': { state: 'stopped', status: 'SHUTOFF', at: T0 + 1 },
      'srv-1': { state: 'failed', reason: 'Ecs.0114: locked', at: T0 + 1 },
      'srv-2': { state: 'timed_out', reason: 'still ACTIVE', at: T0 + 2 },
      'srv-3': { state: 'stopping', at: T0 + 2 },
    });
    await store().recordOutcomes('req-unknown', { 'srv-0': { state: 'stopped', at: T0 } });
    expect(await store().getOutcomes('req-unknown')).toEqual({});
  });
}
