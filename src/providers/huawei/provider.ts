import type { HuaweiConfig } from '../../config/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { HttpSend } from '../http.js';
import { probeWith } from '../probe.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry.js';
import type { CallObserver, Provider, ProviderName } from '../types.js';
import { createHuaweiClient, type HuaweiCredentials, LIST_PAGE_LIMIT, STOP_BATCH_LIMIT } from './client.js';
import { createContext, readDetails } from './context.js';
import { isMissing, toMachine, toReport } from './mapping.js';
import { resolveRefs } from './resolve.js';
import { startServers, stopServers } from './stop.js';
import { findServersByTags } from './tags.js';
import { trackServers } from './track.js';

export interface HuaweiProviderOptions {
  /** The configured name (`huawei`, `huawei-dr`); the cloud's own name by default. */
  name?: ProviderName;
  config: HuaweiConfig;
  credentials: HuaweiCredentials;
  clock: Clock;
  send: HttpSend;
  retry?: RetryPolicy;
  observe?: CallObserver;
  /** Random source in [0, 1) for backoff jitter; injectable for tests. */
  random?: () => number;
  /** Wall-clock time for X-Sdk-Date; defaults to the clock's. */
  now?: () => Date;
}

/** API gateway and IAM codes for a key, signature or token that is not accepted. */
const HUAWEI_REFUSED = new Set([
  'APIGW.0301',
  'APIGW.0101',
  'APIGW.0303',
  'APIGW.0305',
  'APIGW.0306',
  'IAM.0001',
]);

export const defaultHuaweiEndpoint = (region: string): string => `https://ecs.${region}.myhuaweicloud.com`;

/** Huawei Cloud ECS: BatchStopServers (SOFT/HARD, ≤1000 a call), tracked by job, then by server status. */
export function createHuaweiProvider(options: HuaweiProviderOptions): Provider {
  const { config, clock, observe } = options;
  const name = options.name ?? 'huawei';
  const client = createHuaweiClient({
    endpoint: config.endpoint ?? defaultHuaweiEndpoint(config.region),
    projectId: config.projectId,
    credentials: options.credentials,
    send: options.send,
    clock,
    now: options.now ?? (() => new Date(clock.now())),
    observe: observe ? (call) => observe(name, call) : undefined,
  });
  const ctx = createContext(
    client,
    clock,
    options.retry ?? defaultRetryPolicy,
    options.random ?? Math.random,
  );
  return {
    name,
    cloud: 'huawei',
    capabilities: { modes: ['SOFT', 'HARD'], batchLimit: STOP_BATCH_LIMIT, tags: 'server' },
    resolve: (refs) => resolveRefs(ctx, refs),
    stop: (machines, mode) => stopServers(ctx, machines, mode),
    start: (machines) => startServers(ctx, machines),
    findByTags: (filters, max) => findServersByTags(ctx, filters, max),
    track: (machines, tracking) => trackServers(ctx, machines, tracking),
    async suggest(prefix, max) {
      const paging = { limit: Math.min(max, LIST_PAGE_LIMIT) };
      const page = prefix === '' ? await client.listAll(paging) : await client.listByName(prefix, paging);
      return page.servers
        .filter((d) => !isMissing(d))
        .slice(0, max)
        .map(toMachine);
    },
    async status(machines) {
      const details = await readDetails(
        ctx,
        machines.map((m) => m.id),
      );
      return [...details.values()].map(toReport);
    },
    // One server of the project: the cheapest signed read ECS offers.
    probe: () => probeWith(() => client.listAll({ limit: 1 }), HUAWEI_REFUSED),
  };
}
