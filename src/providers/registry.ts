import type { ProviderSettings } from '../config/clouds.js';
import type { Config } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { createAlibabaProvider } from './alibaba/provider.js';
import { createHttpSend } from './http.js';
import { createHuaweiProvider } from './huawei/provider.js';
import type { RetryPolicy } from './retry.js';
import { createSandboxProvider } from './sandbox/provider.js';
import type { CallObserver, LimiterFactory, Provider, ProviderName } from './types.js';
import { createZenlayerProvider } from './zenlayer/provider.js';

export interface ProviderSeams {
  clock: Clock;
  observe?: CallObserver;
  retry?: RetryPolicy;
  /** Random source in [0, 1) for backoff jitter; each provider defaults to Math.random. */
  random?: () => number;
  /** Rate limiters shared by every replica (with Redis); per process without. */
  limiterFor?: LimiterFactory;
}

export interface ProviderRegistry {
  /** By configured name, in config order. */
  providers: ReadonlyMap<ProviderName, Provider>;
  close(): Promise<void>;
}

type Credentials = Readonly<Record<string, string>>;

/** A credential field load-config has already checked is there. */
function need(name: ProviderName, credentials: Credentials, field: string): string {
  const value = credentials[field];
  if (value === undefined) {
    throw new ConfigError(
      `providers.${name}.credentials.${field}`,
      'has no value (it was not read at startup)',
    );
  }
  return value;
}

/**
 * The AWS SDK costs ~86 MB of memory once loaded, so its provider is imported
 * only when an AWS account is configured.
 */
type AwsModule = typeof import('./aws/provider.js');

interface Built {
  provider: Provider;
  close?: () => Promise<void> | void;
}

function build(
  name: ProviderName,
  settings: ProviderSettings,
  credentials: Credentials,
  seams: ProviderSeams,
  aws: AwsModule | undefined,
): Built {
  const pool = (timeoutMs: number) => createHttpSend({ timeoutMs });
  switch (settings.cloud) {
    case 'huawei': {
      const send = pool(settings.timeout);
      const provider = createHuaweiProvider({
        name,
        config: settings,
        credentials: {
          ak: need(name, credentials, 'ak'),
          sk: need(name, credentials, 'sk'),
          securityToken: credentials['securityToken'],
        },
        send,
        ...seams,
      });
      return { provider, close: () => send.close() };
    }
    case 'alibaba': {
      const sae = createAlibabaProvider({
        name,
        config: settings,
        credentials: {
          accessKeyId: need(name, credentials, 'accessKeyId'),
          accessKeySecret: need(name, credentials, 'accessKeySecret'),
          securityToken: credentials['securityToken'],
        },
        ...seams,
      });
      return { provider: sae, close: () => sae.close() };
    }
    case 'zenlayer': {
      const send = pool(settings.timeout);
      const provider = createZenlayerProvider({
        name,
        config: settings,
        credentials: {
          accessKeyId: need(name, credentials, 'accessKeyId'),
          accessKeyPassword: need(name, credentials, 'accessKeyPassword'),
        },
        send,
        ...seams,
      });
      return { provider, close: () => send.close() };
    }
    case 'aws': {
      const accessKeyId = credentials['accessKeyId'];
      const secretAccessKey = credentials['secretAccessKey'];
      if (!aws) throw new ConfigError(`providers.${name}`, 'the AWS provider was not loaded');
      const ec2 = aws.createAwsProvider({
        name,
        config: settings,
        // Both or neither (checked at startup); neither: the SDK's default chain.
        credentials:
          accessKeyId && secretAccessKey
            ? { accessKeyId, secretAccessKey, sessionToken: credentials['sessionToken'] }
            : undefined,
        ...seams,
      });
      return { provider: ec2, close: () => ec2.close() };
    }
    case 'sandbox':
      return { provider: createSandboxProvider({ name, config: settings, ...seams }) };
  }
}

/**
 * One provider per configured name. Each has its own client, HTTP pool and
 * state, so two accounts of one cloud never share anything but the code.
 */
export async function createProviders(config: Config, seams: ProviderSeams): Promise<ProviderRegistry> {
  const needsAws = Object.values(config.providers).some((settings) => settings.cloud === 'aws');
  const aws = needsAws ? await import('./aws/provider.js') : undefined;
  const providers = new Map<ProviderName, Provider>();
  const closers: (() => Promise<void> | void)[] = [];
  for (const [name, settings] of Object.entries(config.providers)) {
    const built = build(name, settings, config.secrets[name] ?? {}, seams, aws);
    providers.set(name, built.provider);
    if (built.close) closers.push(built.close);
  }
  return {
    providers,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
