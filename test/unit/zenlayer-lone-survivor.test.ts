import { expect, it } from 'vitest';
import { asMachine, zenlayerSeeds as seeds, startZenlayerHarness } from '../fakes/zenlayer/harness.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

/**
 * A batch refused over one instance, with one other instance left to stop: the describe
 * names the culprit, and the one left is still sent (it was once reported failed unsent).
 */
const open = closeAfterEach(startZenlayerHarness);

it('one running instance and one unknown ID: the running one is stopped, the unknown one reported', async () => {
  const { fake, provider } = await open({ machines: seeds(1), stopDelayMs: 20 });
  const [only] = seeds(1);
  const res = await provider.stop([asMachine(only!.id), asMachine('9999999999999999999')], 'SOFT');
  expect(res.reports).toEqual([
    expect.objectContaining({
      id: '9999999999999999999',
      state: 'failed',
      code: 'INVALID_INSTANCE_NOT_FOUND',
    }),
  ]);
  expect(fake.calls('StopInstances')).toBe(2);
  expect(fake.stopsActedOn(only!.id)).toBe(1);
});

it('a lone unknown ID is reported after one call and one describe', async () => {
  const { fake, provider } = await open({ machines: seeds(1), stopDelayMs: 20 });
  const res = await provider.stop([asMachine('9999999999999999999')], 'SOFT');
  expect(res.reports).toEqual([
    expect.objectContaining({
      id: '9999999999999999999',
      state: 'failed',
      code: 'INVALID_INSTANCE_NOT_FOUND',
    }),
  ]);
  expect(fake.calls('StopInstances')).toBe(1);
});
