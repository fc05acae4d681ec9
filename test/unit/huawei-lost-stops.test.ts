import { expect, it } from 'vitest';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { startHuaweiRig } from '../fakes/huawei/rig.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/** Stops lost before ECS saw them are sent again only within the retry policy, then reported unconfirmed. */
const open = closeAfterEach(startHuaweiRig);
const servers = (n: number): FakeServerSeed[] =>
  Array.from({ length: n }, (_, k) => ({ id: sid(k), name: `srv-${k}`, state: 'running' as const }));

it('every stop lost (reset, not acted): sent retries + 1 times, then each server fails as not confirmed', async () => {
  const { provider, fake } = await open({ servers: servers(2), retry: { retries: 2, baseMs: 1, capMs: 2 } });
  const { found } = await provider.resolve([sid(0), sid(1)]);
  for (let i = 0; i < 10; i++)
    fake.faults.script({ operation: 'BatchStopServers', when: 'before', kind: 'reset' });
  const res = await provider.stop(found, 'SOFT');
  expect(fake.calls('BatchStopServers')).toBe(3);
  expect(res.reports.map((r) => [r.id, r.state])).toEqual([
    [sid(0), 'failed'],
    [sid(1), 'failed'],
  ]);
  for (const r of res.reports) expect(r.reason).toMatch(/^stop not confirmed: /);
  expect(fake.isRunning(sid(0))).toBe(true);
});

it('one lost stop within the policy: sent again once, no report', async () => {
  const { provider, fake } = await open({ servers: servers(1), retry: { retries: 1, baseMs: 1, capMs: 2 } });
  const { found } = await provider.resolve([sid(0)]);
  fake.faults.script({ operation: 'BatchStopServers', when: 'before', kind: 'reset' });
  const res = await provider.stop(found, 'SOFT');
  expect(fake.calls('BatchStopServers')).toBe(2);
  expect(res.reports).toEqual([]);
  expect(fake.stopRequestsFor(sid(0))).toBe(1);
});

it('a stop that acted but whose answer was lost: once status shows it took hold, no further call, not even an empty one', async () => {
  const { provider, fake } = await open({
    servers: servers(2),
    stopDelayMs: 5000,
    retry: { retries: 3, baseMs: 1, capMs: 2 },
  });
  const { found } = await provider.resolve([sid(0), sid(1)]);
  fake.faults.script({ operation: 'BatchStopServers', when: 'after', kind: 'reset' });
  const res = await provider.stop(found, 'SOFT');
  expect(fake.calls('BatchStopServers')).toBe(1);
  expect(res.reports).toEqual([]);
  expect((res.tracking as { byStatus: string[] }).byStatus).toEqual([sid(0), sid(1)]);
});
