import type { ProviderName } from '../domain/types.js';
import { describeError, ProviderError } from '../errors.js';
import type { ReadinessCheck } from '../observability/health.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Provider } from '../providers/types.js';

export type CredentialState = 'unchecked' | 'ok' | 'refused' | 'unreachable';

export interface CredentialChecks {
  /** Check every provider now (in the background, never awaited by startup), then every `everyMs`. */
  start(): void;
  stop(): void;
  /** One informational /readyz check per provider: "ok", "refused", "unreachable" or "unchecked". */
  readiness(): ReadinessCheck[];
  /** Check every provider once and wait for the answers (the periodic round). */
  runOnce(): Promise<void>;
  /** Settles when the first round after start() has its answers. */
  firstRound(): Promise<void>;
}

export interface CredentialCheckOptions {
  providers: ReadonlyMap<ProviderName, Provider>;
  /** The environment variables holding each provider's credentials, named in the log. */
  envNames: Partial<Record<ProviderName, readonly string[]>>;
  logger: Logger;
  metrics: Metrics;
  everyMs: number;
}

/**
 * Each configured provider makes one cheap read call at startup and every few
 * minutes. A refusal is logged once (until the credentials work again), shown
 * in /readyz and as stopbot_provider_credentials_ok; an unreachable cloud is
 * only a warning: an outage must not take the bot down.
 */
export function createCredentialChecks(options: CredentialCheckOptions): CredentialChecks {
  const { logger, metrics } = options;
  const states = new Map<ProviderName, CredentialState>();
  for (const name of options.providers.keys()) states.set(name, 'unchecked');
  let timer: NodeJS.Timeout | undefined;
  let first: Promise<void> | undefined;

  const settle = (name: ProviderName, next: CredentialState, err?: unknown) => {
    const before = states.get(name);
    states.set(name, next);
    if (next === 'ok') metrics.providerCredentialsOk.set({ provider: name }, 1);
    if (next === 'refused') metrics.providerCredentialsOk.set({ provider: name }, 0);
    if (before === next) return;
    const env = options.envNames[name] ?? [];
    const code = err instanceof ProviderError ? err.providerCode : undefined;
    if (next === 'refused') {
      logger.error(
        { provider: name, env, code },
        `${name} refused the credentials: check ${env.join(' and ') || 'its credentials'}`,
      );
    } else if (next === 'unreachable') {
      logger.warn(
        { provider: name, err: describeError(err) },
        `${name} did not answer the credentials check`,
      );
    } else if (before === 'refused' || before === 'unreachable') {
      logger.info({ provider: name }, `${name} accepts the credentials again`);
    }
  };

  const checkOne = async (name: ProviderName, provider: Provider) => {
    try {
      await provider.probe();
      settle(name, 'ok');
    } catch (err) {
      settle(name, err instanceof ProviderError && err.credentialsRefused ? 'refused' : 'unreachable', err);
    }
  };

  const runOnce = async () => {
    await Promise.all([...options.providers].map(([name, provider]) => checkOne(name, provider)));
  };

  return {
    runOnce,
    firstRound: () => first ?? Promise.resolve(),
    start() {
      if (timer) return;
      first = runOnce();
      timer = setInterval(() => void runOnce(), options.everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    readiness: () =>
      [...options.providers.keys()].map((name) => ({
        name: `credentials:${name}`,
        informational: true,
        check: async () => {
          const status = states.get(name) ?? 'unchecked';
          return { status, ok: status === 'ok' };
        },
      })),
  };
}
