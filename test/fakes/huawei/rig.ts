import { type Clock, systemClock } from '../../../src/lib/clock.js';
import { createHttpSend } from '../../../src/providers/http.js';
import { createHuaweiProvider } from '../../../src/providers/huawei/provider.js';
import type { RetryPolicy } from '../../../src/providers/retry.js';
import type { CallRecord, Provider } from '../../../src/providers/types.js';
import { type FakeEcs, type FakeEcsOptions, startFakeEcs } from './server.js';

export const TEST_AK = 'HWFAKEAK000000000001';
export const TEST_SK = 'hwFakeSecretKey00000000000000000000000000';
export const TEST_PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const fastRetry: RetryPolicy = { retries: 5, baseMs: 20, capMs: 200 };

export interface HuaweiRigOptions extends Partial<Omit<FakeEcsOptions, 'ak' | 'sk' | 'projectId'>> {
  retry?: RetryPolicy;
  /** The client's HTTP timeout. */
  timeoutMs?: number;
  /** The provider's wall clock for X-Sdk-Date. */
  providerNow?: () => Date;
  /** Credentials the provider signs with (default: the ones the fake knows). */
  credentials?: { ak: string; sk: string };
  /** The provider's clock (e.g. one that records its waits); default the system clock. */
  clock?: Clock;
  /** Random source for backoff jitter. */
  random?: () => number;
}

export interface HuaweiRig {
  fake: FakeEcs;
  provider: Provider;
  calls: CallRecord[];
  close(): Promise<void>;
}

/** The real provider, over real HTTP, against the fake ECS. */
export async function startHuaweiRig(options: HuaweiRigOptions = {}): Promise<HuaweiRig> {
  const fake = await startFakeEcs({
    ak: TEST_AK,
    sk: TEST_SK,
    projectId: TEST_PROJECT,
    servers: options.servers ?? [],
    stopDelayMs: options.stopDelayMs ?? 100,
    latencyMs: options.latencyMs,
    now: options.now,
    faults: options.faults,
    holdMs: options.holdMs,
  });
  const send = createHttpSend({ timeoutMs: options.timeoutMs ?? 5000 });
  const calls: CallRecord[] = [];
  const provider = createHuaweiProvider({
    config: {
      region: 'cn-north-4',
      projectId: TEST_PROJECT,
      endpoint: fake.url,
      timeout: options.timeoutMs ?? 5000,
    },
    credentials: options.credentials ?? { ak: TEST_AK, sk: TEST_SK },
    clock: options.clock ?? systemClock,
    random: options.random,
    send,
    retry: options.retry ?? fastRetry,
    observe: (_provider, call) => calls.push(call),
    now: options.providerNow,
  });
  return {
    fake,
    provider,
    calls,
    close: async () => {
      await send.close();
      await fake.close();
    },
  };
}
