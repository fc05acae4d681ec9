import { type Clock, systemClock } from '../../../src/lib/clock.js';
import { createHttpSend, type HttpSend } from '../../../src/providers/http.js';
import type { RetryPolicy } from '../../../src/providers/retry.js';
import type { CallObserver, Machine, Provider } from '../../../src/providers/types.js';
import { createZenlayerProvider } from '../../../src/providers/zenlayer/provider.js';
import type { FakeMachineSeed } from './machines.js';
import {
  FAKE_ACCESS_KEY_ID,
  FAKE_ACCESS_KEY_PASSWORD,
  type FakeZenlayer,
  type FakeZenlayerOptions,
  startFakeZenlayer,
} from './server.js';

/** Milliseconds instead of seconds; the same shape as production. */
export const fastRetry: RetryPolicy = { retries: 6, baseMs: 5, capMs: 50 };

/** bmc instance IDs are long decimal strings. */
export const zenlayerId = (i: number): string => String(1_000_000_000_000_000_000n + BigInt(i));

/** `n` instances named bm-<i>, numbered from `from`. */
export const zenlayerSeeds = (n: number, from = 0): FakeMachineSeed[] =>
  Array.from({ length: n }, (_, k) => ({ id: zenlayerId(from + k), name: `bm-${from + k}` }));

/** A machine as resolve would hand it to stop. */
export const asMachine = (id: string, status = 'RUNNING'): Machine => ({
  id,
  name: id,
  status,
  stopped: false,
});

export interface HarnessOptions extends FakeZenlayerOptions {
  retry?: RetryPolicy;
  clock?: Clock;
  observe?: CallObserver;
  /** Client-side HTTP timeout. */
  timeoutMs?: number;
  /** Wraps the real sender (e.g. to record requests). */
  wrapSend?: (send: HttpSend) => HttpSend;
  random?: () => number;
}

export interface Harness {
  fake: FakeZenlayer;
  provider: Provider;
  close(): Promise<void>;
}

/** A Zenlayer provider talking real HTTP to a fake bmc API on 127.0.0.1. */
export async function startZenlayerHarness(options: HarnessOptions): Promise<Harness> {
  const fake = await startFakeZenlayer(options);
  const http = createHttpSend({ timeoutMs: options.timeoutMs ?? 5000 });
  const provider = createZenlayerProvider({
    config: { endpoint: fake.url, timeout: options.timeoutMs ?? 5000 },
    credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeyPassword: FAKE_ACCESS_KEY_PASSWORD },
    clock: options.clock ?? systemClock,
    now: Date.now,
    send: options.wrapSend ? options.wrapSend(http) : http,
    retry: options.retry ?? fastRetry,
    observe: options.observe,
    random: options.random,
  });
  return {
    fake,
    provider,
    close: async () => {
      await http.close();
      await fake.close();
    },
  };
}
