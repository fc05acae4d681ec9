import type { AlibabaConfig } from '../../../src/config/schema.js';
import { type Clock, systemClock } from '../../../src/lib/clock.js';
import { createLimiter, type Limiter } from '../../../src/providers/alibaba/limiter.js';
import { type AlibabaProvider, createAlibabaProvider } from '../../../src/providers/alibaba/provider.js';
import type { RetryPolicy } from '../../../src/providers/retry.js';
import type { CallObserver } from '../../../src/providers/types.js';
import type { FakeAppSeed } from './model.js';
import { type FakeSae, type FakeSaeOptions, startFakeSae } from './server.js';

/** A fake SAE and an Alibaba provider pointed at it, for tests. */

export const REGION = 'cn-shanghai';
export const TEST_KEY_ID = 'LTAI5tFAKEFORTESTS000001';
export const TEST_SECRET = 'fake-secret-NOT-A-REAL-KEY';

/** An AppId in SAE's UUID shape, distinct for each i. */
export const appId = (i: number): string => `0099b7be-5f5b-4512-a7fc-${i.toString(16).padStart(12, '0')}`;

export const fastRetry: RetryPolicy = { retries: 8, baseMs: 2, capMs: 20 };

export interface SaeHarnessOptions {
  apps: FakeAppSeed[];
  fake?: Partial<Omit<FakeSaeOptions, 'apps' | 'region' | 'accounts'>>;
  config?: Partial<AlibabaConfig>;
  clock?: Clock;
  retry?: RetryPolicy;
  /** A fresh unlimited limiter unless given; pass null to use the provider's per-account default. */
  limiter?: Limiter | null;
  observe?: CallObserver;
  accessKeyId?: string;
  /** The secret the provider signs with (the fake always knows TEST_SECRET). */
  secret?: string;
  /** SAE calls the provider keeps in flight at once (default: the provider's own). */
  concurrency?: number;
}

export interface SaeHarness {
  fake: FakeSae;
  provider: AlibabaProvider;
  close(): Promise<void>;
}

/** A provider pointed at a running fake (a second provider of the same account, say). */
export function providerFor(url: string, options: Omit<SaeHarnessOptions, 'apps' | 'fake'>): AlibabaProvider {
  const clock = options.clock ?? systemClock;
  const config: AlibabaConfig = {
    region: REGION,
    endpoint: url,
    timeout: 2000,
    callsPerMinute: 100_000,
    rateWindow: 61_000,
    batchSize: 5,
    ...options.config,
  };
  const limiter =
    options.limiter === null
      ? undefined
      : (options.limiter ?? createLimiter({ limit: config.callsPerMinute, windowMs: 60_000, clock }));
  return createAlibabaProvider({
    config,
    credentials: {
      accessKeyId: options.accessKeyId ?? TEST_KEY_ID,
      accessKeySecret: options.secret ?? TEST_SECRET,
    },
    clock,
    retry: options.retry ?? fastRetry,
    observe: options.observe,
    limiter,
    concurrency: options.concurrency,
  });
}

export async function openSae(options: SaeHarnessOptions): Promise<SaeHarness> {
  const fake = await startFakeSae({
    region: REGION,
    accounts: { [options.accessKeyId ?? TEST_KEY_ID]: TEST_SECRET },
    apps: options.apps,
    clock: options.clock ?? systemClock,
    ...options.fake,
  });
  const provider = providerFor(fake.url, options);
  return {
    fake,
    provider,
    close: async () => {
      provider.close();
      await fake.close();
    },
  };
}
