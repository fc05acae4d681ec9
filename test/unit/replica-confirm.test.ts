import { afterEach, expect, it } from 'vitest';
import { createReplicaConfirm } from '../../src/approvals/replica-confirm.js';
import { StateUnavailableError } from '../../src/errors.js';
import { type RedisPair, startRedisPair } from '../helpers/redis-pair.js';

/**
 * A claim guarding a cloud call counts only once a replica acknowledged it (WAIT 1),
 * when the primary has a replica; the replica count is read from INFO and trusted
 * for cacheMs. Real redis-server processes on loopback; the clock is the test's.
 */

let pair: RedisPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

it('with no replica there is nothing to wait for', async () => {
  pair = await startRedisPair();
  const confirm = createReplicaConfirm(pair.primary, { timeoutMs: 200 });
  await expect(confirm('claim')).resolves.toBeUndefined();
}, 30_000);

it('a replica that acknowledges confirms; a silent one refuses the claim, naming it and the wait', async () => {
  pair = await startRedisPair();
  await pair.attachReplica();
  await pair.primary.set('claim', '1');
  // A generous wait where the replica must answer (a loaded machine), a short one where it must not.
  const patient = createReplicaConfirm(pair.primary, { timeoutMs: 5_000, cacheMs: 0 });
  await expect(patient('claim')).resolves.toBeUndefined();
  pair.pauseReplica();
  await pair.primary.set('claim', '2');
  const confirm = createReplicaConfirm(pair.primary, { timeoutMs: 200, cacheMs: 0 });
  const refused = await confirm('the claim of vm-1').catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(StateUnavailableError);
  expect(String(refused)).toMatch(/the claim of vm-1 not confirmed by a replica within 200 ms/);
  pair.resumeReplica();
  await expect(patient('claim')).resolves.toBeUndefined();
}, 30_000);

it('by default WAIT waits 1 s and the time is the real clock', async () => {
  pair = await startRedisPair();
  await pair.attachReplica();
  pair.pauseReplica();
  await pair.primary.set('claim', '1');
  const refused = await createReplicaConfirm(pair.primary)('claim').catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(StateUnavailableError);
  expect(String(refused)).toMatch(/within 1000 ms/);
}, 30_000);

it('the replica count is trusted for 2 s by default, then read again', async () => {
  pair = await startRedisPair();
  const clock = { t: 1_000_000 };
  const confirm = createReplicaConfirm(pair.primary, { timeoutMs: 200, now: () => clock.t });
  await confirm('claim'); // no replica: 0 is remembered
  await pair.attachReplica();
  pair.pauseReplica();
  await pair.primary.set('claim', '1');
  clock.t += 1_999;
  await expect(confirm('claim')).resolves.toBeUndefined(); // still trusts "no replica"
  clock.t += 1;
  await expect(confirm('claim')).rejects.toBeInstanceOf(StateUnavailableError);
}, 30_000);

it('cacheMs sets how long the count is trusted', async () => {
  pair = await startRedisPair();
  const clock = { t: 1_000_000 };
  const confirm = createReplicaConfirm(pair.primary, { timeoutMs: 200, cacheMs: 500, now: () => clock.t });
  await confirm('claim');
  await pair.attachReplica();
  pair.pauseReplica();
  await pair.primary.set('claim', '1');
  clock.t += 500;
  await expect(confirm('claim')).rejects.toBeInstanceOf(StateUnavailableError);
}, 30_000);
