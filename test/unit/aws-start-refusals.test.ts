import { expect, it } from 'vitest';
import { startIds } from '../../src/providers/aws/stop.js';
import { ec2, id, startActRig } from '../fakes/aws/act-rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// StartInstances (an undo) through the same code as a stop: refused batches and calls that may have acted.
const open = closeAfterEach(startActRig);

it('an answer that already says running is done; one that says pending is followed', async () => {
  const { fake, ctx } = await open([ec2(1, 'running'), ec2(2, 'stopped')]);
  const out = await startIds(ctx, [id(1), id(2)]);
  expect(out).toEqual({
    reports: [{ id: id(1), state: 'running', status: 'running' }],
    pending: [id(2)],
    unconfirmed: [],
  });
  // Read from StartInstances' own answer: one call, no describe.
  expect(fake.calls('StartInstances')).toBe(1);
  expect(fake.calls('DescribeInstances')).toBe(0);
});

it('refused for a stopping one: that one fails with its reason, a pending one is followed, the stopped one started', async () => {
  const { fake, ctx } = await open([ec2(1, 'stopped'), ec2(2, 'pending'), ec2(3, 'stopping')]);
  const out = await startIds(ctx, [id(1), id(2), id(3)]);
  expect(out.reports).toEqual([
    {
      id: id(3),
      state: 'failed',
      status: 'stopping',
      reason: 'the instance is going down (stopping): not started; start it again once it is stopped',
    },
  ]);
  expect([...out.pending].sort()).toEqual([id(1), id(2)]);
  expect(fake.startRequestsFor(id(2))).toBe(1);
  expect(fake.startRequestsFor(id(3))).toBe(1);
  expect(fake.stateOf(id(1))).toBe('pending');
});

it('a start with no answer every time: "start call kept failing" for what is still stopped', async () => {
  const { fake, ctx, sleeps } = await open([ec2(1, 'stopped')]);
  fake.dropNext('StartInstances', 10);
  const out = await startIds(ctx, [id(1)]);
  expect(out.reports).toEqual([
    {
      id: id(1),
      state: 'failed',
      status: 'stopped',
      code: 'NoAnswer',
      reason: expect.stringMatching(/^start call kept failing: NoAnswer: no answer from AWS EC2/),
    },
  ]);
  expect(fake.calls('StartInstances')).toBe(3);
  expect(sleeps).toEqual([5, 10]);
});
