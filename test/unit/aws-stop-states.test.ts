import { afterEach, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { createAwsProvider } from '../../src/providers/aws/provider.js';
import type { Machine } from '../../src/providers/types.js';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { FAKE_KEYS, type FakeEc2, startFakeEc2 } from '../fakes/aws/fake-ec2.js';
import type { FakeInstance } from '../fakes/aws/instances.js';

// A batch EC2 refuses because of one instance's state: only that instance fails, the rest are stopped.
let fake: FakeEc2 | undefined;
let close: (() => void) | undefined;
afterEach(async () => {
  close?.();
  await fake?.close();
  fake = undefined;
});

async function open(instances: FakeInstance[]) {
  fake = await startFakeEc2({ instances, stopDelayMs: 50 });
  const provider = createAwsProvider({
    config: { region: 'us-east-1', endpoint: fake.url, timeout: 2000, maxAttempts: 3 },
    credentials: FAKE_KEYS,
    clock: systemClock,
    retry: { retries: 1, baseMs: 10, capMs: 20 },
  });
  close = provider.close;
  return { fake, provider };
}
const inst = (i: number, extra: Partial<FakeInstance> = {}): FakeInstance => ({
  id: awsFakeId(i),
  name: `web-${i}`,
  state: 'running',
  ...extra,
});
const machine = (i: number): Machine => ({
  id: awsFakeId(i),
  name: `web-${i}`,
  status: 'running',
  stopped: false,
});

it('an instance still pending (IncorrectInstanceState) fails alone, with its code and status; the others stop', async () => {
  const { fake, provider } = await open([inst(1), inst(2, { state: 'pending' }), inst(3)]);
  const res = await provider.stop([machine(1), machine(2), machine(3)], 'SOFT');
  expect(res.reports).toEqual([
    expect.objectContaining({
      id: awsFakeId(2),
      state: 'failed',
      status: 'pending',
      code: 'IncorrectInstanceState',
    }),
  ]);
  expect(res.reports[0]?.reason).toMatch(
    /^stop refused: IncorrectInstanceState: .*never reached the 'running' state/,
  );
  expect(fake.stateOf(awsFakeId(1))).toBe('stopping');
  expect(fake.stateOf(awsFakeId(2))).toBe('pending');
  // The describe names the culprit: the other two are sent once more together, no halving.
  expect(fake.calls('StopInstances')).toBe(2);
  expect(fake.stateOf(awsFakeId(3))).toBe('stopping');
});

it('an instance terminated since pre-flight is reported from its state; the one other instance is still stopped', async () => {
  const { fake, provider } = await open([inst(1), inst(2, { state: 'terminated' })]);
  const res = await provider.stop([machine(1), machine(2)], 'SOFT');
  expect(res.reports).toEqual([
    expect.objectContaining({ id: awsFakeId(2), state: 'failed', status: 'terminated' }),
  ]);
  expect(fake.calls('StopInstances')).toBe(2);
  expect(fake.stateOf(awsFakeId(1))).toBe('stopping');
});

it('one running and one pending: the pending one fails alone, the running one is still stopped', async () => {
  const { fake, provider } = await open([inst(1), inst(2, { state: 'pending' })]);
  const res = await provider.stop([machine(1), machine(2)], 'SOFT');
  expect(res.reports).toEqual([
    expect.objectContaining({
      id: awsFakeId(2),
      state: 'failed',
      status: 'pending',
      code: 'IncorrectInstanceState',
    }),
  ]);
  expect(fake.stateOf(awsFakeId(1))).toBe('stopping');
});

it('a lone instance refused for a state it is not blocked by fails with the refusal, after one describe', async () => {
  const { fake, provider } = await open([inst(1, { disableApiStop: true })]);
  const res = await provider.stop([machine(1)], 'SOFT');
  expect(res.reports).toEqual([
    expect.objectContaining({
      id: awsFakeId(1),
      state: 'failed',
      status: 'running',
      code: 'OperationNotPermitted',
    }),
  ]);
  expect(fake.calls('StopInstances')).toBe(1);
});

it('a pending instance in a batch refused for another instance is not given that other refusal', async () => {
  const { fake, provider } = await open([
    inst(1, { disableApiStop: true }),
    inst(2, { state: 'pending' }),
    inst(3),
  ]);
  const res = await provider.stop([machine(1), machine(2), machine(3)], 'SOFT');
  const byId = Object.fromEntries(res.reports.map((r) => [r.id, r.code]));
  expect(byId).toEqual({ [awsFakeId(1)]: 'OperationNotPermitted', [awsFakeId(2)]: 'IncorrectInstanceState' });
  expect(fake.stateOf(awsFakeId(3))).toBe('stopping');
});
