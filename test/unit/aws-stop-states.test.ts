import { expect, it } from 'vitest';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { awsFixtures, startAwsRig } from '../fakes/aws/rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// A batch EC2 refuses because of one instance's state: only that instance fails, the rest are stopped.
const open = closeAfterEach(startAwsRig);
const { inst, machine } = awsFixtures('running');

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
  // Sent again on its own and taken (the fake may already have finished stopping it).
  expect(['stopping', 'stopped']).toContain(fake.stateOf(awsFakeId(1)));
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
