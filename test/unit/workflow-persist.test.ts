import { describe, expect, it } from 'vitest';
import { StateUnavailableError } from '../../src/errors.js';
import { persist } from '../../src/workflow/persist.js';
import { workflowHarness } from '../helpers/workflow-harness.js';

/** Writing what the cloud did waits for a store that is away, with backoff, for a bounded time. */

/**
 * A write that finds the store away `away` times, then succeeds; it records when it
 * was called. Past 100 calls it succeeds, so a wait that never gives up fails the test (not hangs).
 */
function flakyWrite(h: ReturnType<typeof workflowHarness>, away: number) {
  const start = h.clock.t;
  const at: number[] = [];
  const write = async () => {
    at.push(h.clock.t - start);
    if (at.length > 100) return 'written after 100 tries';
    if (at.length <= away) throw new StateUnavailableError('state store: unreachable');
    return 'written';
  };
  return { at, write };
}

const WAITING = 'state store unreachable; waiting to record';

describe('persist', () => {
  it('retries with a doubling delay capped at 2 s, logging each wait, until the store answers', async () => {
    const h = workflowHarness({}, { storeWaitMs: 10_000 });
    const { at, write } = flakyWrite(h, 7);
    expect(await persist(h.deps, 'outcomes', write)).toBe('written');
    expect(at).toEqual([0, 100, 300, 700, 1500, 3100, 5100, 7100]);
    const waits = h.logged(WAITING);
    expect(waits.map((l) => [l.attempt, l.retryInMs])).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
      [5, 1600],
      [6, 2000],
      [7, 2000],
    ]);
    expect(waits[0]).toMatchObject({ what: 'outcomes', level: 40, err: 'state store: unreachable' });
  });

  it('gives up once the next wait would end past storeWaitMs (a wait ending exactly at it is still made)', async () => {
    // Tries at 0, 100, 300, 700, 1500, 3100: the wait after the 5th ends at 3100 exactly.
    const h = workflowHarness({}, { storeWaitMs: 3_100 });
    const { at, write } = flakyWrite(h, 100);
    await expect(persist(h.deps, 'outcomes', write)).rejects.toBeInstanceOf(StateUnavailableError);
    expect(at).toEqual([0, 100, 300, 700, 1500, 3100]);
  });

  it('waits 60 s by default', async () => {
    const h = workflowHarness({}, { storeWaitMs: undefined });
    const { at, write } = flakyWrite(h, 100);
    await expect(persist(h.deps, 'outcomes', write)).rejects.toBeInstanceOf(StateUnavailableError);
    // 100 + 200 + 400 + 800 + 1600, then 2 s waits while the next ends by 60 s.
    expect(at.at(-1)).toBe(59_100);
  });

  it('any other error goes up at once', async () => {
    const h = workflowHarness();
    let calls = 0;
    const write = async () => {
      calls += 1;
      if (calls === 1) throw new Error('bad write');
      return 'written';
    };
    await expect(persist(h.deps, 'outcomes', write)).rejects.toThrow('bad write');
    expect(calls).toBe(1);
    expect(h.logged(WAITING)).toEqual([]);
  });
});
