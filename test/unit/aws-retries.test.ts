import { expect, it } from 'vitest';
import { stopIds } from '../../src/providers/aws/stop.js';
import { ec2, id, startActRig } from '../fakes/aws/act-rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// A StopInstances that may have acted (no answer, a 5xx) or was throttled past the SDK's own
// attempts: a describe first, then only what still runs is sent again, with backoff, a bounded
// number of times (ACT_POLICY: 2 more rounds, 10 ms doubling, jitter fixed at 0).
const open = closeAfterEach(startActRig);

it('no answer and nothing done: described, then sent again after a backoff; no report, no doubt', async () => {
  const { fake, ctx, sleeps } = await open([ec2(1, 'running')]);
  fake.dropNext('StopInstances', 1);
  const out = await stopIds(ctx, [id(1)], 'SOFT');
  expect(out).toEqual({ reports: [], pending: [id(1)], unconfirmed: [] });
  expect(fake.calls('StopInstances')).toBe(2);
  expect(fake.calls('DescribeInstances')).toBe(1);
  expect(fake.stateOf(id(1))).toBe('stopping');
  expect(sleeps).toEqual([5]);
});

it('no answer every time: after the rounds, each ID still running fails "stop call kept failing"', async () => {
  const { fake, ctx, sleeps } = await open([ec2(1, 'running'), ec2(2, 'running')]);
  fake.dropNext('StopInstances', 10);
  const out = await stopIds(ctx, [id(1), id(2)], 'SOFT');
  expect(out.reports).toEqual(
    [1, 2].map((i) => ({
      id: id(i),
      state: 'failed',
      status: 'running',
      code: 'NoAnswer',
      reason: expect.stringMatching(
        /^stop call kept failing: NoAnswer: no answer from AWS EC2 \(.+\); it may or may not have acted$/,
      ),
    })),
  );
  expect(out.pending).toEqual([]);
  // The first call and two more rounds, each after a describe; the backoff doubles.
  expect(fake.calls('StopInstances')).toBe(3);
  expect(fake.calls('DescribeInstances')).toBe(3);
  expect(sleeps).toEqual([5, 10]);
  expect(fake.stateOf(id(1))).toBe('running');
});

it('throttled beyond the SDK attempts: described and sent again, not reported failed', async () => {
  const { fake, ctx } = await open([ec2(1, 'running')]);
  fake.throttleNext(1, 'StopInstances');
  const out = await stopIds(ctx, [id(1)], 'SOFT');
  expect(out).toEqual({ reports: [], pending: [id(1)], unconfirmed: [] });
  expect(fake.calls('StopInstances')).toBe(2);
  expect(fake.stateOf(id(1))).toBe('stopping');
});

it('throttling that persists: "stop call kept failing" in plain words, after the rounds', async () => {
  const { fake, ctx } = await open([ec2(1, 'running')]);
  fake.throttleNext(10, 'StopInstances');
  const out = await stopIds(ctx, [id(1)], 'SOFT');
  expect(out.reports).toEqual([
    {
      id: id(1),
      state: 'failed',
      status: 'running',
      code: 'RequestLimitExceeded',
      reason: expect.stringMatching(
        /^stop call kept failing: RequestLimitExceeded: AWS kept throttling the calls/,
      ),
    },
  ]);
  expect(fake.calls('StopInstances')).toBe(3);
});

it('a 5xx after acting: the describe shows them stopping, so nothing is sent again', async () => {
  const { fake, ctx, sleeps } = await open([ec2(1, 'running'), ec2(2, 'running')]);
  fake.serverErrorNext('StopInstances', 1, true);
  const out = await stopIds(ctx, [id(1), id(2)], 'SOFT');
  expect(out.reports).toEqual([]);
  expect([...out.pending].sort()).toEqual([id(1), id(2)]);
  expect(fake.calls('StopInstances')).toBe(1);
  expect(sleeps).toEqual([]);
});

it('a 5xx before acting, then none: sent again once', async () => {
  const { fake, ctx } = await open([ec2(1, 'running'), ec2(2, 'stopped')]);
  fake.serverErrorNext('StopInstances', 1, false);
  const out = await stopIds(ctx, [id(1), id(2)], 'SOFT');
  expect(out.reports).toEqual([{ id: id(2), state: 'stopped', status: 'stopped' }]);
  expect(out.pending).toEqual([id(1)]);
  expect(fake.stopRequestsFor(id(1))).toBe(1);
  expect(fake.stopRequestsFor(id(2))).toBe(0);
  expect(fake.stateOf(id(1))).toBe('stopping');
});

it('a reset after acting and no status check: each ID is a doubt, followed, not failed', async () => {
  const { fake, ctx } = await open([ec2(1, 'running')]);
  fake.resetAfterActing('StopInstances', 1);
  fake.dropNext('DescribeInstances', 1);
  const out = await stopIds(ctx, [id(1)], 'SOFT');
  expect(out.reports).toEqual([]);
  expect(out.pending).toEqual([id(1)]);
  expect(out.unconfirmed).toEqual([
    {
      id: id(1),
      reason: expect.stringMatching(
        /^stop call failed \(NoAnswer: no answer .*\) and the status check failed \(NoAnswer: no answer/,
      ),
    },
  ]);
  expect(fake.calls('StopInstances')).toBe(1);
});
