import { describe, expect, it } from 'vitest';
import {
  asMachine,
  zenlayerSeeds as seeds,
  startZenlayerHarness,
  zenlayerId as zid,
} from '../fakes/zenlayer/harness.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { rejection } from '../helpers/rejection.js';

/**
 * A tracking round reads DescribeInstances in calls of at most 100 IDs: a call that fails
 * leaves its machines unread for this round (their doubts kept), as long as some status was
 * read at all; when none could be, the round fails.
 */
const open = closeAfterEach(startZenlayerHarness);
const retry = { retries: 1, baseMs: 1, capMs: 2 };

describe('Zenlayer tracking rounds when some status reads fail', () => {
  it('one failing call of two: the machines it covers go unreported, their doubts kept; the others are judged', async () => {
    const { fake, provider } = await open({ machines: seeds(150), retry });
    fake.failDescribesNaming(zid(120));
    const machines = seeds(150).map((s) => asMachine(s.id));
    const doubts = [
      { id: zid(5), reason: 'stop not confirmed: no answer' },
      { id: zid(120), reason: 'stop not confirmed: no answer' },
    ];
    const round = await provider.track(machines, { unconfirmed: doubts });
    expect(round.reports.map((r) => r.id)).toEqual(seeds(100).map((s) => s.id));
    expect(round.reports[5]).toEqual({
      id: zid(5),
      state: 'failed',
      status: 'RUNNING',
      code: 'STOP_UNCONFIRMED',
      reason: 'stop not confirmed: no answer; the instance is still RUNNING',
    });
    expect(round.reports.filter((r) => r.state !== 'running').map((r) => r.id)).toEqual([zid(5)]);
    expect(round.tracking).toEqual({ unconfirmed: [doubts[1]] });
    // The first call once; the failing one, and its one retry.
    expect(fake.calls('DescribeInstances')).toBe(3);
  });

  it('no status read at all: the round fails with the cloud error', async () => {
    const { fake, provider } = await open({ machines: seeds(3), retry });
    fake.failDescribesNaming(zid(1));
    const err = await rejection(
      provider.track(
        seeds(3).map((s) => asMachine(s.id)),
        { op: 'start' },
      ),
    );
    expect(err).toMatchObject({ providerCode: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
  });
});
