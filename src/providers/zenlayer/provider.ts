import type { ZenlayerConfig } from '../../config/schema.js';
import { ProviderError } from '../../errors.js';
import { trackingOf } from '../doubts.js';
import { probeWith } from '../probe.js';
import type { Provider, StopResult } from '../types.js';
import {
  createZenlayerClient,
  ZENLAYER_DEFAULT_ENDPOINT,
  type ZenlayerClientOptions,
  zenlayerRetryPolicy,
} from './client.js';
import { describeIds } from './describe.js';
import { parseDescribe, toMachine, toReport } from './mapping.js';
import { resolveRefs } from './resolve.js';
import { IDS_PER_STOP, START, stopIds } from './stop.js';
import { findInstancesByTags } from './tags.js';
import { trackIds } from './track.js';

/** The client's seams, with the endpoint taken from the config. */
export interface ZenlayerProviderOptions extends Omit<ZenlayerClientOptions, 'endpoint'> {
  config: ZenlayerConfig;
}

/** Zenlayer's codes for a key or signature that is not accepted. */
const ZENLAYER_REFUSED = new Set(['AUTH_FAILURE', 'INVALID_ACCESS_KEY', 'SIGNATURE_FAILURE', 'UNAUTHORIZED']);

/** Zenlayer bare metal (bmc): StopInstances ≤ 100 per call, tracked by DescribeInstances until STOPPED. */
export function createZenlayerProvider(options: ZenlayerProviderOptions): Provider {
  const policy = options.retry ?? zenlayerRetryPolicy;
  const random = options.random ?? Math.random;
  const { config, ...seams } = options;
  const client = createZenlayerClient({
    ...seams,
    endpoint: config.endpoint ?? ZENLAYER_DEFAULT_ENDPOINT,
    retry: policy,
    random,
  });

  return {
    name: options.name ?? 'zenlayer',
    cloud: 'zenlayer',
    // bmc StopInstances has no force flag: a soft stop only.
    capabilities: { modes: ['SOFT'], batchLimit: IDS_PER_STOP, tags: 'server' },
    resolve: (refs) => resolveRefs(client, refs),
    async stop(machines, mode): Promise<StopResult> {
      if (mode !== 'SOFT') {
        throw new ProviderError({
          provider: 'zenlayer',
          providerCode: 'UNSUPPORTED_MODE',
          message: `Zenlayer bare metal has no ${mode} stop; only SOFT`,
          retryable: false,
        });
      }
      const out = await stopIds(
        { client, clock: options.clock, policy, random },
        machines.map((m) => m.id),
      );
      return { reports: out.reports, tracking: trackingOf('stop', out.unconfirmed) };
    },
    /** StartInstances ≤ 100 per call (STOPPED only; RUNNING/BOOTING count as done), tracked until RUNNING. */
    async start(machines): Promise<StopResult> {
      const out = await stopIds(
        { client, clock: options.clock, policy, random },
        machines.map((m) => m.id),
        START,
      );
      return { reports: out.reports, tracking: trackingOf('start', out.unconfirmed) };
    },
    findByTags: (filters, max) => findInstancesByTags(client, filters, max),
    track: (machines, tracking) =>
      trackIds(
        client,
        machines.map((m) => m.id),
        tracking,
      ),
    async suggest(prefix, max) {
      // The name filter is exact, or a prefix match with a trailing `*`.
      const filter = prefix === '' ? {} : { instanceName: `${prefix.replace(/\*+$/, '')}*` };
      const res = await client.call('DescribeInstances', {
        ...filter,
        pageNum: 1,
        pageSize: Math.min(max, 1000),
      });
      return parseDescribe(res).instances.slice(0, max).map(toMachine);
    },
    // All or nothing: a caller deciding whether to stop again must not get a partial answer.
    async status(machines) {
      const ids = machines.map((m) => m.id);
      const found = await describeIds(client, ids);
      return [...new Set(ids)].map((id) => toReport(id, found.get(id), 'status'));
    },
    probe: () =>
      probeWith(() => client.call('DescribeInstances', { pageNum: 1, pageSize: 1 }), ZENLAYER_REFUSED),
  };
}
