import type { AwsConfig } from '../../config/clouds.js';
import type { Clock } from '../../lib/clock.js';
import { trackingOf } from '../doubts.js';
import { probeWith } from '../probe.js';
import type { RetryPolicy } from '../retry.js';
import type { CallObserver, Provider, ProviderName, StopResult } from '../types.js';
import { type AwsCredentials, createEc2Calls } from './client.js';
import { resolveRefs } from './resolve.js';
import { IDS_PER_STOP, startIds, stopIds } from './stop.js';
import { suggestMachines } from './suggest.js';
import { findInstancesByTags } from './tags.js';
import { statusReports, trackIds } from './track.js';

export interface AwsProviderOptions {
  config: AwsConfig;
  /** Explicit keys when configured; otherwise the SDK's default credential chain. */
  credentials?: AwsCredentials;
  clock: Clock;
  observe?: CallObserver;
  /** Rounds after a stop call that may have acted (each re-describes before stopping again). */
  retry?: RetryPolicy;
  random?: () => number;
  name?: ProviderName;
  /** Instances per DescribeInstances page when selecting by tag (5 … 1000; default 1000). */
  listPageSize?: number;
}

/** Error codes with which AWS refuses the credentials themselves. */
const AWS_REFUSED = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'CredentialsProviderError',
  'UnauthorizedOperation',
]);

const awsStopRounds: RetryPolicy = { retries: 3, baseMs: 1000, capMs: 20_000 };

/**
 * AWS EC2: StopInstances (HARD = Force), tracked by DescribeInstances until
 * `stopped`; StartInstances, tracked until `running`; tags filtered by EC2.
 */
export interface AwsProvider extends Provider {
  close(): void;
}

export function createAwsProvider(options: AwsProviderOptions): AwsProvider {
  const name = options.name ?? 'aws';
  const { config } = options;
  const calls = createEc2Calls({
    name,
    region: config.region,
    endpoint: config.endpoint,
    credentials: options.credentials,
    maxAttempts: config.maxAttempts,
    timeout: config.timeout,
    clock: options.clock,
    observe: options.observe,
  });
  const ctx = {
    calls,
    clock: options.clock,
    policy: options.retry ?? awsStopRounds,
    random: options.random ?? Math.random,
    provider: name,
  };
  return {
    name,
    cloud: 'aws',
    capabilities: { modes: ['SOFT', 'HARD'], batchLimit: IDS_PER_STOP, tags: 'server' },
    resolve: (refs) => resolveRefs(calls, refs),
    async stop(machines, mode): Promise<StopResult> {
      const out = await stopIds(
        ctx,
        machines.map((m) => m.id),
        mode,
      );
      return { reports: out.reports, tracking: trackingOf('stop', out.unconfirmed) };
    },
    async start(machines): Promise<StopResult> {
      const out = await startIds(
        ctx,
        machines.map((m) => m.id),
      );
      return { reports: out.reports, tracking: trackingOf('start', out.unconfirmed) };
    },
    track: (machines, tracking) =>
      trackIds(
        calls,
        machines.map((m) => m.id),
        tracking,
      ),
    status: (machines) =>
      statusReports(
        calls,
        machines.map((m) => m.id),
      ),
    suggest: (prefix, max) => suggestMachines(calls, prefix, max),
    probe: () => probeWith(() => calls.describe({ MaxResults: 5 }), AWS_REFUSED),
    findByTags: (filters, max) => findInstancesByTags(calls, filters, max, options.listPageSize),
    close: () => calls.close(),
  };
}
