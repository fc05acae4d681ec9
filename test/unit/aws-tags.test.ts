import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { type AwsProvider, createAwsProvider } from '../../src/providers/aws/provider.js';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { FAKE_KEYS, type FakeEc2, startFakeEc2 } from '../fakes/aws/fake-ec2.js';
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  motoClient,
  type SeedMachine,
  seedMoto,
} from '../fakes/aws/moto-seed.js';
import { type Moto, startMoto } from '../helpers/moto.js';

// Selection by tag (server-side DescribeInstances filters, AND-ed), against moto
// and against the EC2 fake, with the same expectations.
const FLEET: SeedMachine[] = [
  { name: 'web-1', state: 'running', tags: { env: 'prod', team: 'web' } },
  { name: 'web-2', state: 'stopped', tags: { env: 'prod', team: 'web' } },
  { name: 'db-1', state: 'running', tags: { env: 'prod', team: 'data' } },
  { name: 'dev-1', state: 'running', tags: { env: 'dev' } },
  { name: 'star-1', state: 'running', tags: { env: 'pro*' } },
];

function expectations(get: () => AwsProvider) {
  const names = async (tags: { key: string; value?: string }[]) =>
    (await get().findByTags(tags, 500)).machines.map((m) => m.name).sort();
  it('key=value, several tags AND-ed, key alone, case-sensitive, wildcards literal', async () => {
    expect(await names([{ key: 'env', value: 'prod' }])).toEqual(['db-1', 'web-1', 'web-2']);
    expect(
      await names([
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'web' },
      ]),
    ).toEqual(['web-1', 'web-2']);
    expect(await names([{ key: 'team' }])).toEqual(['db-1', 'web-1', 'web-2']);
    expect(await names([{ key: 'env', value: 'Prod' }])).toEqual([]);
    expect(await names([{ key: 'env', value: 'pro*' }])).toEqual(['star-1']);
    expect(await names([{ key: 'nope' }])).toEqual([]);
  });
}

describe('AWS tag selection against moto', () => {
  let moto: Moto;
  let provider: AwsProvider;
  beforeAll(async () => {
    moto = await startMoto();
    const ec2 = motoClient(moto.url);
    await seedMoto(ec2, FLEET);
    ec2.destroy();
    provider = createAwsProvider({
      config: { region: MOTO_REGION, endpoint: moto.url, timeout: 5000, maxAttempts: 2 },
      credentials: MOTO_CREDENTIALS,
      clock: systemClock,
    });
  }, 60_000);
  afterAll(async () => {
    provider?.close();
    await moto?.stop();
  });
  expectations(() => provider);
});

describe('AWS tag selection against the EC2 fake', () => {
  let fake: FakeEc2;
  let provider: AwsProvider;
  beforeAll(async () => {
    fake = await startFakeEc2({
      instances: FLEET.map((m, i) => ({ id: awsFakeId(i), name: m.name, state: m.state, tags: m.tags })),
    });
    provider = createAwsProvider({
      config: { region: 'us-east-1', endpoint: fake.url, timeout: 5000, maxAttempts: 2 },
      credentials: FAKE_KEYS,
      clock: systemClock,
    });
  });
  afterAll(async () => {
    provider?.close();
    await fake?.close();
  });
  expectations(() => provider);
});
