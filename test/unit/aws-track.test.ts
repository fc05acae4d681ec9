import { expect, it } from 'vitest';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { awsFixtures, startAwsRig } from '../fakes/aws/rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// Tracking rounds of EC2 stops: a doubt (a stop that got no answer, nor did the status check)
// is judged once the instance is read, and kept only for instances this round did not read.
const open = closeAfterEach(startAwsRig);
const { inst, machine } = awsFixtures('running');

it('judges a doubtful stop on the round that reads the instance, then forgets the doubt', async () => {
  const { fake, provider } = await open([inst(1), inst(2)]);
  fake.dropNext('StopInstances', 1);
  fake.dropNext('DescribeInstances', 3);
  const res = await provider.stop([machine(1)], 'SOFT');
  expect(res.reports).toEqual([]);
  expect(res.tracking).toEqual({ unconfirmed: [{ id: awsFakeId(1), reason: expect.any(String) }] });
  // A round that does not read instance 1 keeps the doubt about it.
  const other = await provider.track([machine(2)], res.tracking);
  expect(other.reports).toEqual([{ id: awsFakeId(2), state: 'running', status: 'running' }]);
  expect(other.tracking).toEqual(res.tracking);
  // The round that reads it: still running, so the stop did not act; the doubt is spent.
  const round = await provider.track([machine(1)], other.tracking);
  expect(round.reports).toEqual([
    expect.objectContaining({ id: awsFakeId(1), state: 'failed', code: 'STOP_UNCONFIRMED' }),
  ]);
  expect(round.tracking).toEqual({});
  expect(fake.calls('StopInstances')).toBe(1);
});
