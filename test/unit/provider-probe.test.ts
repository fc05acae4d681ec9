import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.js';
import { openSae, providerFor, type SaeHarness } from '../fakes/alibaba/harness.js';
import { type Harness, startZenlayerHarness, zenlayerSeeds } from '../fakes/zenlayer/harness.js';
import { FAKE_ACCESS_KEY_ID } from '../fakes/zenlayer/server.js';

/** Each cloud's credentials check against its fake: accepted, or refused and marked so. */

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function refusal(probe: () => Promise<void>): Promise<ProviderError> {
  const err = await probe().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

describe('Alibaba SAE probe', () => {
  it('passes with working credentials, with one read call and no stop', async () => {
    const sae: SaeHarness = await openSae({ apps: [] });
    close = sae.close;
    await sae.provider.probe();
    expect(sae.fake.calls()).toBe(1);
    expect(sae.fake.calls('BatchStopApplications')).toBe(0);
  });

  it('marks a secret the cloud refuses as refused credentials', async () => {
    const sae = await openSae({ apps: [], secret: 'not-the-secret' });
    close = sae.close;
    const err = await refusal(() => sae.provider.probe());
    expect(err).toMatchObject({
      provider: 'alibaba',
      providerCode: 'SignatureDoesNotMatch',
      credentialsRefused: true,
    });
  });

  it('marks an access key the cloud does not know as refused credentials', async () => {
    const sae = await openSae({ apps: [] });
    // A provider of another account against this fake: its key is unknown here.
    const stranger = providerFor(sae.fake.url, { accessKeyId: 'LTAI5tSOMEONEELSE0000001' });
    close = async () => {
      stranger.close();
      await sae.close();
    };
    const err = await refusal(() => stranger.probe());
    expect(err).toMatchObject({ providerCode: 'InvalidAccessKeyId.NotFound', credentialsRefused: true });
  });
});

describe('Zenlayer probe', () => {
  it('passes with working credentials, with one read call and no stop', async () => {
    const h: Harness = await startZenlayerHarness({ machines: zenlayerSeeds(2) });
    close = h.close;
    await h.provider.probe();
    expect(h.fake.calls()).toBe(1);
    expect(h.fake.calls('StopInstances')).toBe(0);
  });

  it('marks credentials the cloud refuses as refused', async () => {
    const h = await startZenlayerHarness({
      machines: zenlayerSeeds(1),
      credentials: { [FAKE_ACCESS_KEY_ID]: 'a-different-password' },
    });
    close = h.close;
    const err = await refusal(() => h.provider.probe());
    expect(err).toMatchObject({ provider: 'zenlayer', credentialsRefused: true });
  });
});
