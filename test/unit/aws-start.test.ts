import { expect, it } from 'vitest';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { awsFixtures, startAwsRig } from '../fakes/aws/rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// StartInstances behaviours the contract does not pin down, against the EC2 fake.
const open = closeAfterEach(startAwsRig);
const { inst, machine } = awsFixtures('stopped');

it('a stopping instance in a start batch fails with a reason; the stopped ones are sent again without it', async () => {
  const { fake, provider } = await open([inst(1), inst(2, { state: 'stopping' }), inst(3)]);
  const res = await provider.start([machine(1), machine(2), machine(3)]);
  expect(res.tracking).toEqual({ op: 'start' });
  const bad = res.reports.find((r) => r.id === awsFakeId(2));
  expect(bad).toMatchObject({ state: 'failed', status: 'stopping' });
  expect(bad?.reason).toMatch(/going down .*not started/);
  expect(res.reports.filter((r) => r.id !== awsFakeId(2))).toEqual([]);
  // The batch is refused as a whole (IncorrectInstanceState), then sent again without the stopping one.
  expect(fake.calls('StartInstances')).toBe(2);
  expect(fake.startRequestsFor(awsFakeId(2))).toBe(1);
  for (const i of [1, 3]) expect(['pending', 'running']).toContain(fake.stateOf(awsFakeId(i)));
  expect(fake.stateOf(awsFakeId(2))).not.toBe('running');
});

it('InsufficientInstanceCapacity is said in plain words and not retried', async () => {
  const { fake, provider } = await open([inst(1, { failStart: true })]);
  const res = await provider.start([machine(1)]);
  expect(res.reports).toHaveLength(1);
  expect(res.reports[0]).toMatchObject({ state: 'failed', code: 'InsufficientInstanceCapacity' });
  expect(res.reports[0]?.reason).toMatch(/not enough capacity/);
  expect(fake.calls('StartInstances')).toBe(1);
});

it('no answer to the start and none to the describe: a doubt, failed if still stopped', async () => {
  const { fake, provider } = await open([inst(1)]);
  fake.dropNext('StartInstances', 1);
  fake.dropNext('DescribeInstances', 3);
  const res = await provider.start([machine(1)]);
  expect(res.reports).toEqual([]);
  expect(res.tracking['op']).toBe('start');
  const round = await provider.track([machine(1)], res.tracking);
  expect(round.reports[0]).toMatchObject({ state: 'failed', code: 'START_UNCONFIRMED' });
  expect(round.reports[0]?.reason).toMatch(/still stopped/);
  expect(fake.calls('StartInstances')).toBe(1);
});

it('a stop tracking state without op still follows a stop: pending reads running, not starting', async () => {
  const { provider } = await open([inst(1, { state: 'pending' })]);
  const stopRound = await provider.track([machine(1)], {});
  expect(stopRound.reports[0]).toMatchObject({ state: 'running', status: 'pending' });
  expect(stopRound.tracking).toEqual({});
  expect((await provider.status([machine(1)]))[0]).toMatchObject({ state: 'starting' });
});
