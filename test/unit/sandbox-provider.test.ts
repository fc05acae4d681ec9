import { describe, expect, it } from 'vitest';
import type { SandboxConfig } from '../../src/config/schema.js';
import { ConfigError, ProviderError } from '../../src/errors.js';
import type { Clock } from '../../src/lib/clock.js';
import { createThrottleFaults } from '../../src/providers/sandbox/faults.js';
import { createSandboxProvider } from '../../src/providers/sandbox/provider.js';
import type { CallRecord } from '../../src/providers/types.js';

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

const config: Omit<SandboxConfig, 'modes'> = {
  stopDelay: 1000,
  machines: [
    { id: 'vm-1', name: 'web-1', status: 'RUNNING', fails: false },
    { id: 'vm-2', name: 'web-2', status: 'RUNNING', fails: true },
    { id: 'vm-3', name: 'db', status: 'STOPPED', fails: false },
    { id: 'vm-4', name: 'db', status: 'RUNNING', fails: false },
  ],
};

function setup(extra: { faults?: ReturnType<typeof createThrottleFaults> } = {}) {
  const clock = fakeClock();
  const calls: CallRecord[] = [];
  const provider = createSandboxProvider({
    config,
    clock,
    observe: (_name, call) => calls.push(call),
    retry: { retries: 3, baseMs: 100, capMs: 1000 },
    random: () => 0.5,
    ...extra,
  });
  return { clock, calls, provider };
}

const machine = async (p: ReturnType<typeof setup>['provider'], ref: string) => {
  const { found } = await p.resolve([ref]);
  const m = found[0];
  if (!m) throw new Error(`no machine ${ref}`);
  return m;
};

describe('sandbox provider', () => {
  it('moves RUNNING → STOPPING → STOPPED exactly at stopDelay', async () => {
    const { clock, provider } = setup();
    const m = await machine(provider, 'web-1');
    expect(m).toEqual({ id: 'vm-1', name: 'web-1', status: 'RUNNING', stopped: false });
    const res = await provider.stop([m], 'SOFT');
    expect(res.reports).toEqual([]);
    clock.advance(999);
    expect((await provider.track([m], res.tracking)).reports).toEqual([
      { id: 'vm-1', state: 'stopping', status: 'STOPPING' },
    ]);
    clock.advance(1);
    expect(await provider.status([m])).toEqual([{ id: 'vm-1', state: 'stopped', status: 'STOPPED' }]);
  });

  it('reports a fails machine as failed with a plain reason and leaves it running', async () => {
    const { clock, provider } = setup();
    const { found } = await provider.resolve(['vm-1', 'vm-2']);
    const res = await provider.stop(found, 'SOFT');
    expect(res.reports).toEqual([
      {
        id: 'vm-2',
        state: 'failed',
        status: 'RUNNING',
        code: 'StopRefused',
        reason: 'sandbox: machine refused to stop (configured with fails: true)',
      },
    ]);
    clock.advance(5000);
    const states = (await provider.status(found)).map((r) => [r.id, r.state]);
    expect(states).toEqual([
      ['vm-1', 'stopped'],
      ['vm-2', 'failed'],
    ]);
    expect(provider.simulated.statusOf('vm-2')).toBe('RUNNING');
  });

  it('counts a machine once per stop call and never restarts its timer', async () => {
    const { clock, provider } = setup();
    const m = await machine(provider, 'vm-1');
    await provider.stop([m, m], 'SOFT');
    expect(provider.simulated.stopRequestsFor('vm-1')).toBe(1);
    clock.advance(600);
    await provider.stop([m], 'SOFT');
    expect(provider.simulated.stopRequestsFor('vm-1')).toBe(2);
    clock.advance(400);
    expect(provider.simulated.statusOf('vm-1')).toBe('STOPPED');
    const again = await provider.stop([m], 'SOFT');
    expect(again.reports).toEqual([{ id: 'vm-1', state: 'stopped', status: 'STOPPED' }]);
  });

  it('resolves IDs and names, flags shared names and keeps state per instance', async () => {
    const a = setup().provider;
    const res = await a.resolve(['db', 'vm-1', 'web-1', 'ghost', 'vm-3']);
    expect(res.found.map((m) => [m.id, m.stopped])).toEqual([
      ['vm-1', false],
      ['vm-3', true],
    ]);
    expect(res.ambiguous.map((x) => [x.ref, x.matches.map((m) => m.id)])).toEqual([['db', ['vm-3', 'vm-4']]]);
    expect(res.unknown).toEqual(['ghost']);
    await a.stop(res.found, 'SOFT');
    const b = setup().provider;
    expect(b.simulated.statusOf('vm-1')).toBe('RUNNING');
    expect(b.simulated.stopRequestsFor('vm-1')).toBe(0);
  });

  it('rides out throttling with backoff and records every attempt', async () => {
    const faults = createThrottleFaults();
    const { clock, calls, provider } = setup({ faults });
    const before = clock.now();
    faults.throttleNext(2);
    expect((await provider.resolve(['vm-1'])).found).toHaveLength(1);
    expect(calls.map((c) => [c.operation, c.ok, c.code])).toEqual([
      ['Describe', false, 'Throttled'],
      ['Describe', false, 'Throttled'],
      ['Describe', true, undefined],
    ]);
    expect(clock.now() - before).toBe(75 + 150);
    const m = await machine(provider, 'vm-4');
    faults.throttleNext(4);
    const err = await provider.stop([m], 'SOFT').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).providerCode).toBe('Throttled');
    expect(provider.simulated.stopRequestsFor('vm-4')).toBe(0);
  });

  it('stops in batches of 1000 and refuses HARD and duplicate IDs', async () => {
    const machines = Array.from({ length: 2001 }, (_, i) => ({
      id: `vm-${i}`,
      name: `m-${i}`,
      status: 'RUNNING' as const,
      fails: false,
    }));
    const provider = createSandboxProvider({ config: { stopDelay: 0, machines }, clock: fakeClock() });
    const { found } = await provider.resolve(machines.map((m) => m.id));
    const res = await provider.stop(found, 'SOFT');
    expect(provider.simulated.calls('Stop')).toBe(3);
    expect(res.reports.filter((r) => r.state === 'stopped')).toHaveLength(2001);
    await expect(provider.stop(found, 'HARD')).rejects.toMatchObject({ providerCode: 'UnsupportedMode' });
    const dup = { stopDelay: 0, machines: [machines[0]!, machines[0]!] };
    expect(() => createSandboxProvider({ config: dup, clock: fakeClock() })).toThrow(ConfigError);
  });
});
