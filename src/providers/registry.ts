import type { Config } from '../config/load-config.js';
import type { Clock } from '../lib/clock.js';
import { createAlibabaProvider } from './alibaba/provider.js';
import { createHttpSend, type HttpSend } from './http.js';
import { createHuaweiProvider } from './huawei/provider.js';
import type { RetryPolicy } from './retry.js';
import { createSandboxProvider } from './sandbox/provider.js';
import type { CallObserver, Provider, ProviderName } from './types.js';
import { createZenlayerProvider } from './zenlayer/provider.js';

export interface ProviderSeams {
  clock: Clock;
  observe?: CallObserver;
  retry?: RetryPolicy;
  /** Random source in [0, 1) for backoff jitter; each provider defaults to Math.random. */
  random?: () => number;
}

export interface ProviderRegistry {
  providers: ReadonlyMap<ProviderName, Provider>;
  close(): Promise<void>;
}

/** One provider per configured cloud, each with its own HTTP pool. */
export function createProviders(config: Config, seams: ProviderSeams): ProviderRegistry {
  const providers = new Map<ProviderName, Provider>();
  const pools: (HttpSend & { close(): Promise<void> })[] = [];
  const pool = (timeoutMs: number) => {
    const send = createHttpSend({ timeoutMs });
    pools.push(send);
    return send;
  };
  const { huawei, alibaba, zenlayer, sandbox } = config.providers;
  const s = config.secrets;
  if (huawei && s.huawei) {
    providers.set(
      'huawei',
      createHuaweiProvider({ config: huawei, credentials: s.huawei, send: pool(huawei.timeout), ...seams }),
    );
  }
  const closers: (() => void)[] = [];
  if (alibaba && s.alibaba) {
    const sae = createAlibabaProvider({ config: alibaba, credentials: s.alibaba, ...seams });
    closers.push(() => sae.close());
    providers.set('alibaba', sae);
  }
  if (zenlayer && s.zenlayer) {
    providers.set(
      'zenlayer',
      createZenlayerProvider({
        config: zenlayer,
        credentials: s.zenlayer,
        send: pool(zenlayer.timeout),
        ...seams,
      }),
    );
  }
  if (sandbox) providers.set('sandbox', createSandboxProvider({ config: sandbox, ...seams }));
  return {
    providers,
    close: async () => {
      for (const close of closers) close();
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
