import { expect, it } from 'vitest';
import { stopIds } from '../../src/providers/aws/stop.js';
import { ec2, id, startActRig } from '../fakes/aws/act-rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// StopInstances refused as a whole (EC2 batch calls are all-or-nothing): what the describe after
// the refusal settles, what is sent again, and what is never sent again.
const open = closeAfterEach(startActRig);
const sorted = (ids: string[]) => [...ids].sort();

it('an answer that already says stopped is done; one that says stopping is followed', async () => {
  const { ctx } = await open([ec2(1, 'stopped'), ec2(2, 'running')]);
  const out = await stopIds(ctx, [id(1), id(2)], 'SOFT');
  expect(out).toEqual({
    reports: [{ id: id(1), state: 'stopped', status: 'stopped' }],
    pending: [id(2)],
    unconfirmed: [],
  });
});

it('an instance already stopping in a refused batch is followed, never sent again', async () => {
  const { fake, ctx } = await open([ec2(1, 'running'), ec2(2, 'stopping'), ec2(3, 'pending')]);
  const out = await stopIds(ctx, [id(1), id(2), id(3)], 'SOFT');
  expect(out.reports).toEqual([
    expect.objectContaining({
      id: id(3),
      state: 'failed',
      status: 'pending',
      code: 'IncorrectInstanceState',
    }),
  ]);
  expect(sorted(out.pending)).toEqual([id(1), id(2)]);
  expect(out.unconfirmed).toEqual([]);
  expect(fake.stopRequestsFor(id(2))).toBe(1);
  expect(fake.stopRequestsFor(id(1))).toBe(2);
  expect(fake.stateOf(id(1))).toBe('stopping');
});

it('what the describe settles: gone is a refusal, terminated keeps its own reason, stopped is done', async () => {
  const { fake, ctx } = await open([
    ec2(1, 'running'),
    ec2(2, 'running'),
    ec2(3, 'terminated'),
    ec2(4, 'stopped'),
  ]);
  fake.instances.delete(id(2));
  const out = await stopIds(ctx, [id(1), id(2), id(3), id(4)], 'SOFT');
  expect(out.reports).toEqual([
    {
      id: id(2),
      state: 'failed',
      code: 'InvalidInstanceID.NotFound',
      reason: `stop refused: no instance ${id(2)} in this region (DescribeInstances does not list it)`,
    },
    {
      id: id(3),
      state: 'failed',
      status: 'terminated',
      reason: 'the instance is terminated: it is being deleted, not stopped',
    },
    { id: id(4), state: 'stopped', status: 'stopped' },
  ]);
  expect(out.pending).toEqual([id(1)]);
  // Refused for the gone one (the fake counts a request only past its ID check), then sent
  // again with the one still running only.
  expect(fake.calls('StopInstances')).toBe(2);
  expect(fake.stopRequestsFor(id(1))).toBe(1);
  expect(fake.stopRequestsFor(id(4))).toBe(0);
});

it('a lone instance the describe settles is not sent again', async () => {
  const { fake, ctx } = await open([ec2(1, 'pending')]);
  const out = await stopIds(ctx, [id(1)], 'SOFT');
  expect(out.reports).toEqual([
    expect.objectContaining({ id: id(1), state: 'failed', code: 'IncorrectInstanceState' }),
  ]);
  expect(fake.calls('StopInstances')).toBe(1);
  expect(fake.calls('DescribeInstances')).toBe(1);
});

it('a refusal of the call itself (not of an instance) fails every ID at once: no describe, nothing sent again', async () => {
  const { fake, ctx } = await open([ec2(1, 'running'), ec2(2, 'running'), ec2(3, 'running')]);
  fake.deny('StopInstances');
  const out = await stopIds(ctx, [id(1), id(2), id(3)], 'SOFT');
  expect(out.reports.map((r) => [r.id, r.state, r.code])).toEqual(
    [1, 2, 3].map((i) => [id(i), 'failed', 'UnauthorizedOperation']),
  );
  expect(out.reports[0]?.reason).toMatch(
    /^stop refused: UnauthorizedOperation: AWS refused StopInstances: .*ec2:StopInstances/,
  );
  expect(out.pending).toEqual([]);
  expect(fake.calls('StopInstances')).toBe(1);
  expect(fake.calls('DescribeInstances')).toBe(0);
});

it('a refusal about an instance and no status check: every ID fails with both reasons, none is a doubt', async () => {
  const { fake, ctx } = await open([ec2(1, 'running'), ec2(2, 'pending')]);
  fake.dropNext('DescribeInstances', 1);
  const out = await stopIds(ctx, [id(1), id(2)], 'SOFT');
  expect(out.reports.map((r) => [r.id, r.state, r.code])).toEqual([
    [id(1), 'failed', 'IncorrectInstanceState'],
    [id(2), 'failed', 'IncorrectInstanceState'],
  ]);
  for (const r of out.reports)
    expect(r.reason).toMatch(
      /^stop refused: stop call failed \(.*never reached the 'running' state.*\) and the status check failed \(.*no answer from AWS EC2/,
    );
  expect(out.pending).toEqual([]);
  expect(out.unconfirmed).toEqual([]);
  expect(fake.calls('StopInstances')).toBe(1);
  expect(fake.stateOf(id(1))).toBe('running');
});
