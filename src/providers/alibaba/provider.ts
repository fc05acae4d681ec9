import type { AlibabaConfig } from '../../config/schema.js';
import type { Clock } from '../../lib/clock.js';
import { probeWith } from '../probe.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry.js';
import type { CallObserver, LimiterFactory, Provider, ProviderName } from '../types.js';
import type { SaeContext } from './context.js';
import { accountLimiter, type Limiter } from './limiter.js';
import { toMachine } from './mapping.js';
import { listApplicationsPage } from './operations.js';
import { readStatuses, resolveApps } from './resolve.js';
import { createRoaClient } from './roa-client.js';
import { startApps, stopApps } from './stop.js';
import { findAppsByTags } from './tags.js';
import { trackApps } from './track.js';

export interface AlibabaProviderOptions {
  /** The configured name (`alibaba`, `sae-eu`); the cloud's own name by default. */
  name?: ProviderName;
  config: AlibabaConfig;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  clock: Clock;
  retry?: RetryPolicy;
  observe?: CallObserver;
  /** Defaults to limiterFor's limiter of this account, else the one of this access key in this process. */
  limiter?: Limiter;
  /** Limiters shared by every replica (Redis), keyed by account. */
  limiterFor?: LimiterFactory;
  /** Random source for retry jitter, in [0, 1). */
  random?: () => number;
  /** SAE calls in flight at once (default SAE_CONCURRENCY). */
  concurrency?: number;
}

export interface AlibabaProvider extends Provider {
  /** Drops idle keep-alive connections. */
  close(): void;
}

/** Alibaba Cloud's codes for an access key or signature that is not accepted. */
const ALIBABA_REFUSED = new Set([
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'Forbidden.RAM',
  'Forbidden.AccessKeyDisabled',
]);

export const defaultSaeEndpoint = (region: string): string => `https://sae.${region}.aliyuncs.com`;

/** Alibaba Cloud Serverless App Engine: apps found across the region's namespaces, stopped per namespace. */
export function createAlibabaProvider(options: AlibabaProviderOptions): AlibabaProvider {
  const { config, credentials, clock } = options;
  // SAE counts calls per account: the access key ID (not a secret) names it, whatever the provider is called.
  const window = { limit: config.callsPerMinute, windowMs: config.rateWindow };
  const limiter =
    options.limiter ??
    options.limiterFor?.(`sae:${credentials.accessKeyId}`, window) ??
    accountLimiter(credentials.accessKeyId, { ...window, clock });
  const client = createRoaClient({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    securityToken: credentials.securityToken,
    name: options.name,
    endpoint: config.endpoint ?? defaultSaeEndpoint(config.region),
    regionId: config.region,
    timeoutMs: config.timeout,
    clock,
    limiter,
    concurrency: options.concurrency,
    observe: options.observe,
  });
  const ctx: SaeContext = {
    client,
    config,
    retry: { policy: options.retry ?? defaultRetryPolicy, clock, random: options.random },
  };
  return {
    name: options.name ?? 'alibaba',
    cloud: 'alibaba',
    // SAE stops an application one way only; there is no forced stop.
    capabilities: { modes: ['SOFT'], batchLimit: config.batchSize, tags: 'server' },
    resolve: (refs) => resolveApps(ctx, refs),
    stop: (machines, mode) => stopApps(ctx, machines, mode),
    start: (machines) => startApps(ctx, machines),
    track: (machines, tracking) => trackApps(ctx, machines, tracking),
    status: (machines) => readStatuses(ctx, machines),
    findByTags: (filters, max) => findAppsByTags(ctx, filters, max),
    suggest: async (prefix, max) =>
      (await listApplicationsPage(client, prefix, max)).slice(0, max).map(toMachine),
    // One application of the region: the cheapest signed read SAE offers.
    probe: () => probeWith(() => listApplicationsPage(client, '', 1), ALIBABA_REFUSED),
    close: () => client.close(),
  };
}
