import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
  EC2Client,
  type EC2ClientConfig,
  StartInstancesCommand,
  type StartInstancesCommandInput,
  type StartInstancesCommandOutput,
  StopInstancesCommand,
  type StopInstancesCommandInput,
  type StopInstancesCommandOutput,
} from '@aws-sdk/client-ec2';
import type { Clock } from '../../lib/clock.js';
import type { CallObserver, ProviderName } from '../types.js';
import { toAwsError } from './errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsClientOptions {
  name: ProviderName;
  region: string;
  /** Scheme, host and optional port (tests point it at moto or a fake); default the region's public endpoint. */
  endpoint?: string;
  /** Explicit credentials; without them the SDK's default chain (env, profiles, instance roles). */
  credentials?: AwsCredentials;
  /** Attempts per call (the SDK's standard retry strategy, with backoff and jitter). */
  maxAttempts: number;
  /** Per-request timeout in ms. */
  timeout: number;
  clock: Clock;
  observe?: CallObserver;
}

/** The calls the provider makes; each resolves to the SDK's output or throws a ProviderError. */
export interface Ec2Calls {
  describe(input: DescribeInstancesCommandInput): Promise<DescribeInstancesCommandOutput>;
  stop(input: StopInstancesCommandInput): Promise<StopInstancesCommandOutput>;
  start(input: StartInstancesCommandInput): Promise<StartInstancesCommandOutput>;
  close(): void;
}

type RetryStrategy = Exclude<EC2ClientConfig['retryStrategy'], undefined>;
type Strategy = Extract<RetryStrategy, { acquireInitialRetryToken: unknown }>;

/**
 * The SDK's own strategy, narrowed to throttling for calls that change things:
 * a throttled call was not carried out, so sending it again is safe, while a
 * reset connection or a 5xx may come after AWS acted, and the stop (start) code
 * re-describes before deciding to send anything again.
 */
function throttlingOnly(inner: () => Promise<Strategy>): Strategy {
  return {
    acquireInitialRetryToken: async (scope) => (await inner()).acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token, info) => {
      // Refusing the token ends the attempts; the SDK then throws the call's own error.
      if (info.errorType !== 'THROTTLING') throw new Error('not retried: the call may have been carried out');
      return (await inner()).refreshRetryTokenForRetry(token, info);
    },
    recordSuccess: (token) => {
      void inner().then((s) => s.recordSuccess(token));
    },
  };
}

function baseConfig(options: AwsClientOptions): EC2ClientConfig {
  return {
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts,
    retryMode: 'standard',
    requestHandler: { requestTimeout: options.timeout, connectionTimeout: options.timeout },
  };
}

export function createEc2Calls(options: AwsClientOptions): Ec2Calls {
  const read = new EC2Client(baseConfig(options));
  const write = new EC2Client({
    ...baseConfig(options),
    retryStrategy: throttlingOnly(async () => (await read.config.retryStrategy()) as Strategy),
  });
  const observed = async <T extends { $metadata: { requestId?: string } }>(
    operation: string,
    run: () => Promise<T>,
  ): Promise<T> => {
    const started = options.clock.now();
    const ms = () => options.clock.now() - started;
    try {
      const out = await run();
      options.observe?.(options.name, { operation, ok: true, requestId: out.$metadata.requestId, ms: ms() });
      return out;
    } catch (err) {
      const error = toAwsError(err, operation, options.name);
      options.observe?.(options.name, {
        operation,
        ok: false,
        code: error.providerCode,
        requestId: error.requestId,
        ms: ms(),
      });
      throw error;
    }
  };
  return {
    describe: (input) => observed('DescribeInstances', () => read.send(new DescribeInstancesCommand(input))),
    stop: (input) => observed('StopInstances', () => write.send(new StopInstancesCommand(input))),
    start: (input) => observed('StartInstances', () => write.send(new StartInstancesCommand(input))),
    close: () => {
      read.destroy();
      write.destroy();
    },
  };
}
