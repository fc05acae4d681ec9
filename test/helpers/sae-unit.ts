import { afterEach, expect } from 'vitest';
import { appId, openSae, REGION, type SaeHarness, type SaeHarnessOptions } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';

/** A running app `app-<i>` on the fake SAE, in the test region's namespace. */
export const saeSeed = (i: number, extra: Partial<FakeAppSeed> = {}): FakeAppSeed => ({
  appId: appId(i),
  appName: `app-${i}`,
  namespaceId: REGION,
  state: 'running',
  ...extra,
});

/**
 * Opens fake SAE worlds for a test file: each is closed after its test, which
 * also checks the fake never crashed on what the provider sent; `resolved`
 * resolves the seeded apps and checks every one was found.
 */
export function saeWorlds() {
  let open: SaeHarness[] = [];
  afterEach(async () => {
    for (const h of open) {
      expect(h.fake.crashes()).toBe(0);
      await h.close();
    }
    open = [];
  });
  return async (options: SaeHarnessOptions) => {
    const h = await openSae(options);
    open.push(h);
    const ids = options.apps.map((a) => a.appId);
    const { found } = await h.provider.resolve(ids);
    expect(found).toHaveLength(ids.length);
    return { h, found };
  };
}
