import { afterEach, expect, it } from 'vitest';
import { newRequest } from '../../src/approvals/new-request.js';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { StateStore } from '../../src/approvals/store.js';
import { readRedisTarget } from '../../src/config/redis-env.js';
import { StateUnavailableError } from '../../src/errors.js';
import { type SentinelSet, startSentinelSet } from '../helpers/sentinel-set.js';

/**
 * A claim that guards a cloud call counts only once a replica has it (WAIT 1):
 * with the replica silent, the claim is refused as not made, so no cloud call
 * follows; once the replica answers again, claiming works.
 */

let sentinel: SentinelSet | undefined;
let store: StateStore | undefined;

afterEach(async () => {
  sentinel?.resumeReplica();
  await store?.close();
  await sentinel?.close();
  sentinel = store = undefined;
});

it('a claim is confirmed by a replica before it counts; unconfirmed, it is refused', async () => {
  sentinel = await startSentinelSet();
  const target = readRedisTarget({ REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_NAME: sentinel.name });
  if (!target) throw new Error('no target');
  store = createRedisStore({
    redis: target,
    prefix: 'confirm',
    connectWaitMs: 3_000,
    confirm: { timeoutMs: 300, cacheMs: 0 },
  });
  const now = Date.now();
  const request = newRequest({
    id: 'SR-CONFIRM001',
    provider: 'huawei',
    modes: ['SOFT'],
    requester: 'U0BOB',
    channel: 'C0OPS',
    reason: 'confirm',
    machines: ['t1', 't2'].map((id) => ({ id, name: id, status: 'RUNNING', stopped: false })),
    now,
    expiresInMs: 60_000,
  });
  expect(await store.createRequest(request)).toBe(true);
  const submitting = { state: 'submitting' as const, at: now };

  expect(await store.claimTargets(request.id, ['t1'], ['pending'], submitting)).toEqual(['t1']);
  expect(await store.claimOnce('summary:SR-CONFIRM001', 10_000)).toBe(true);

  sentinel.pauseReplica();
  const refused = await store.claimTargets(request.id, ['t2'], ['pending'], submitting).catch((err) => err);
  expect(refused).toBeInstanceOf(StateUnavailableError);
  expect(String(refused)).toMatch(/not confirmed by a replica/);
  await expect(store.claimOnce('summary:SR-CONFIRM002', 10_000)).rejects.toBeInstanceOf(
    StateUnavailableError,
  );

  // The claim may be on the primary, but it was never acted on: the retry claims it
  // again in that state (as run-stop does for targets left submitting), now confirmed.
  sentinel.resumeReplica();
  expect(await store.claimTargets(request.id, ['t2'], ['submitting'], submitting)).toEqual(['t2']);
}, 60_000);
