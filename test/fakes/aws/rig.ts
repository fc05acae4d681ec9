import { systemClock } from '../../../src/lib/clock.js';
import { type AwsProvider, createAwsProvider } from '../../../src/providers/aws/provider.js';
import type { Machine } from '../../../src/providers/types.js';
import { awsFakeId } from '../../contracts/fixtures/aws-fake.js';
import { FAKE_KEYS, type FakeEc2, startFakeEc2 } from './fake-ec2.js';
import type { FakeInstance } from './instances.js';

export interface AwsRig {
  fake: FakeEc2;
  provider: AwsProvider;
  close(): Promise<void>;
}

/** The real AWS provider, over real HTTP, against the EC2 fake holding `instances` (stops take 50 ms). */
export async function startAwsRig(instances: FakeInstance[], keys = FAKE_KEYS): Promise<AwsRig> {
  const fake = await startFakeEc2({ instances, stopDelayMs: 50 });
  const provider = createAwsProvider({
    config: { region: 'us-east-1', endpoint: fake.url, timeout: 2000, maxAttempts: 3 },
    credentials: keys,
    clock: systemClock,
    retry: { retries: 1, baseMs: 10, capMs: 20 },
  });
  return {
    fake,
    provider,
    close: async () => {
      provider.close();
      await fake.close();
    },
  };
}

/** Fake instance `i` (`web-i`) and the machine a request names for it, both in `state`. */
export function awsFixtures(state: 'running' | 'stopped') {
  const inst = (i: number, extra: Partial<FakeInstance> = {}): FakeInstance => ({
    id: awsFakeId(i),
    name: `web-${i}`,
    state,
    ...extra,
  });
  const machine = (i: number): Machine => ({
    id: awsFakeId(i),
    name: `web-${i}`,
    status: state,
    stopped: state === 'stopped',
  });
  return { inst, machine };
}
