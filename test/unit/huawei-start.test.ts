import { describe, expect, it } from 'vitest';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { trackToEnd } from '../contracts/provider.contract.js';
import { startHuaweiRig } from '../fakes/huawei/rig.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const stopped = (n: number): FakeServerSeed[] =>
  Array.from({ length: n }, (_, i) => ({ id: sid(i), name: `srv-${i}`, state: 'stopped' as const }));

const open = closeAfterEach(startHuaweiRig);

describe('Huawei start again (os-start)', () => {
  it('sends os-start without a type, and follows the job to ACTIVE', async () => {
    const { provider, fake, calls } = await open({ servers: stopped(3), stopDelayMs: 60 });
    const { found } = await provider.resolve(stopped(3).map((s) => s.id));
    const res = await provider.start(found);
    expect(res.tracking['op']).toBe('start');
    expect(fake.calls('BatchStartServers')).toBe(1);
    expect(calls.filter((c) => c.operation === 'BatchStartServers').every((c) => c.ok)).toBe(true);
    const outcome = await trackToEnd(provider, found, res.tracking);
    expect([...outcome.values()].map((r) => [r.state, r.status])).toEqual([
      ['running', 'ACTIVE'],
      ['running', 'ACTIVE'],
      ['running', 'ACTIVE'],
    ]);
    expect(fake.calls('ShowJob')).toBeGreaterThan(0);
  });

  it('never repeats a start whose answer was lost after it acted: the status shows it under way', async () => {
    const { provider, fake } = await open({ servers: stopped(2), stopDelayMs: 300 });
    const { found } = await provider.resolve(stopped(2).map((s) => s.id));
    fake.faults.script({ kind: '500', when: 'after', operation: 'BatchStartServers' });
    const res = await provider.start(found);
    expect(res.reports).toEqual([]);
    const outcome = await trackToEnd(provider, found, res.tracking);
    expect([...outcome.values()].map((r) => r.state)).toEqual(['running', 'running']);
    for (const s of stopped(2)) expect(fake.startRequestsFor(s.id)).toBe(1);
  });

  it('reports a failed start sub-job on a server still SHUTOFF as failed, with the job reason', async () => {
    const seeds = stopped(2);
    seeds[1]!.failStart = true;
    const { provider } = await open({ servers: seeds, stopDelayMs: 60 });
    const { found } = await provider.resolve(seeds.map((s) => s.id));
    const res = await provider.start(found);
    const outcome = await trackToEnd(provider, found, res.tracking);
    expect(outcome.get(sid(0))?.state).toBe('running');
    expect(outcome.get(sid(1))).toMatchObject({ state: 'failed', status: 'SHUTOFF', code: 'Ecs.1000' });
    expect(outcome.get(sid(1))?.reason).toContain('Nova start failed');
  });
});
