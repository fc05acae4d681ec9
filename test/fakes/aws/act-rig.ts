import type { Clock } from '../../../src/lib/clock.js';
import { createEc2Calls } from '../../../src/providers/aws/client.js';
import type { StopContext } from '../../../src/providers/aws/stop.js';
import { awsFakeId } from '../../contracts/fixtures/aws-fake.js';
import { FAKE_KEYS, type FakeEc2, startFakeEc2 } from './fake-ec2.js';
import type { Ec2State, FakeInstance } from './instances.js';

export interface ActRig {
  fake: FakeEc2;
  /** What `stopIds` / `startIds` take: the real EC2 calls over HTTP to the fake. */
  ctx: StopContext;
  /** Every wait the stop code asked its clock for, in ms (the clock does not really wait). */
  sleeps: number[];
  close(): Promise<void>;
}

/** The rounds after a call that may have acted: 2 more, backoff 10 ms doubling (jitter fixed at 0). */
export const ACT_POLICY = { retries: 2, baseMs: 10, capMs: 1000 };

/**
 * The AWS stop/start code itself (not the provider around it, which drops `pending`), over real
 * HTTP against the EC2 fake. One attempt per call, so each fault the fake is told about is one
 * failed call; a stop or start stays in `stopping` / `pending` for a minute.
 */
export async function startActRig(instances: FakeInstance[]): Promise<ActRig> {
  const fake = await startFakeEc2({ instances, stopDelayMs: 60_000 });
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => Date.now(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  const calls = createEc2Calls({
    name: 'aws',
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: FAKE_KEYS,
    maxAttempts: 1,
    timeout: 2000,
    clock,
  });
  return {
    fake,
    ctx: { calls, clock, policy: ACT_POLICY, random: () => 0, provider: 'aws' },
    sleeps,
    close: async () => {
      calls.close();
      await fake.close();
    },
  };
}

/** Fake instance `i` in `state` (a `stopping` or `pending` one stays so). */
export const ec2 = (i: number, state: Ec2State, extra: Partial<FakeInstance> = {}): FakeInstance => ({
  id: awsFakeId(i),
  name: `web-${i}`,
  state,
  ...extra,
});

export const id = awsFakeId;
