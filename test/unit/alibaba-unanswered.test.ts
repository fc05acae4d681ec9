import { expect, it } from 'vitest';
import { trackToEnd } from '../contracts/provider.contract.js';
import { appId, type SaeHarnessOptions } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';
import { saeSeed, saeWorlds } from '../helpers/sae-unit.js';

/**
 * A stop SAE may have acted on without answering: each app's status decides, so an app is
 * never asked twice, and one the call never reached is still stopped.
 */
const world = saeWorlds();

const seed = saeSeed;

async function lone(
  extra: Partial<FakeAppSeed>,
  stopDelayMs: number,
  options: Partial<SaeHarnessOptions> = {},
) {
  return world({
    apps: [seed(0, extra)],
    config: { timeout: 250 },
    retry: { retries: 3, baseMs: 2, capMs: 5 },
    fake: { stopDelayMs, hangMs: 600 },
    ...options,
  });
}

it('a stop lost before SAE saw it (connection reset) is sent again, and the app stops once', async () => {
  const { h, found } = await lone({}, 50);
  h.fake.faultNext('reset', 1);
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('StopApplication')).toBe(2);
  expect(h.fake.stopRequestsFor(appId(0))).toBe(1);
  const outcome = await trackToEnd(h.provider, found, res.tracking);
  expect(outcome.get(appId(0))?.state).toBe('stopped');
});

it('a stop SAE acted on but answered too late is followed by status, never sent again', async () => {
  const { h, found } = await lone({}, 2_000);
  h.fake.faultNext('timeout', 1);
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([]);
  expect(h.fake.calls('StopApplication')).toBe(1);
  expect(h.fake.stopRequestsFor(appId(0))).toBe(1);
  expect(JSON.stringify(res.tracking)).toContain(appId(0));
});

it('an app already stopped when its status is read is reported stopped at once', async () => {
  const { h, found } = await lone({}, 10);
  h.fake.faultNext('timeout', 1);
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toEqual([{ id: appId(0), state: 'stopped', status: 'STOPPED' }]);
  expect(h.fake.stopRequestsFor(appId(0))).toBe(1);
});

it('an app whose unanswered stop ended in a failed change order is reported failed, not stopped again', async () => {
  const { h, found } = await lone({ failStop: true }, 10);
  h.fake.faultNext('timeout', 1);
  const res = await h.provider.stop(found, 'SOFT');
  expect(res.reports).toHaveLength(1);
  expect(res.reports[0]).toMatchObject({ id: appId(0), state: 'failed' });
  expect(res.reports[0]?.code).toMatch(/^ChangeOrder\./);
  expect(res.reports[0]?.reason).toMatch(/^change order .*: instances of .* failed to stop/);
  expect(h.fake.stopRequestsFor(appId(0))).toBe(1);
  expect(h.fake.calls('StopApplication')).toBe(1);
});
