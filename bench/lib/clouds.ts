import { startFakeSae } from '../../test/fakes/alibaba/server.js';
import { startFakeEcs } from '../../test/fakes/huawei/server.js';
import {
  FAKE_ACCESS_KEY_ID,
  FAKE_ACCESS_KEY_PASSWORD,
  startFakeZenlayer,
} from '../../test/fakes/zenlayer/server.js';

/**
 * One fake cloud with N running machines, and what the bot needs to use it:
 * its config entry, its env keys, and the names to put in the command.
 * Every fake verifies every signature and answers after `latencyMs`.
 */

export type CloudName = 'huawei' | 'zenlayer' | 'alibaba';

export interface CloudRig {
  name: CloudName;
  label: string;
  /** Targets as the user would type them (names: shorter than IDs). */
  refs: string[];
  config: Record<string, unknown>;
  env: Record<string, string>;
  /** Calls received so far, by operation. */
  calls(): Record<string, number>;
  /** The operations that stop machines. */
  stopOps: readonly string[];
  /** Requests the fake refused for rate (throttled), if it limits. */
  throttled(): number;
  close(): Promise<void>;
}

export interface RigOptions {
  count: number;
  latencyMs: number;
  stopDelayMs: number;
  /** SAE only: calls a minute the fake allows and the bot keeps under. */
  saeCallsPerMinute: number;
  saeBatchSize: number;
  saeNamespaces: number;
}

const HW = { ak: 'HWBENCHAK00000000001', sk: 'hwBenchSecretKey0000000000000000000000000' };
const HW_PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const SAE = { id: 'LTAI5tBENCHFAKE000000001', secret: 'bench-fake-secret-NOT-REAL' };
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

async function huawei(o: RigOptions): Promise<CloudRig> {
  const refs = names('hw', o.count);
  const fake = await startFakeEcs({
    ...HW,
    projectId: HW_PROJECT,
    servers: refs.map((name, i) => ({ id: uuid(i + 1), name, state: 'running' as const })),
    stopDelayMs: o.stopDelayMs,
    latencyMs: o.latencyMs,
  });
  return {
    name: 'huawei',
    label: 'Huawei ECS',
    refs,
    config: { region: 'cn-north-4', projectId: HW_PROJECT, endpoint: fake.url },
    env: { HUAWEICLOUD_SDK_AK: HW.ak, HUAWEICLOUD_SDK_SK: HW.sk },
    calls: () => Object.fromEntries(fake.state.calls),
    stopOps: ['BatchStopServers'],
    throttled: () => 0,
    close: () => fake.close(),
  };
}

async function zenlayer(o: RigOptions): Promise<CloudRig> {
  const refs = names('zl', o.count);
  const fake = await startFakeZenlayer({
    machines: refs.map((name, i) => ({ id: String(1_000_000_000_000_000_000n + BigInt(i + 1)), name })),
    stopDelayMs: o.stopDelayMs,
    latencyMs: o.latencyMs,
  });
  return {
    name: 'zenlayer',
    label: 'Zenlayer BMC',
    refs,
    config: { endpoint: fake.url },
    env: {
      ZENLAYERCLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: FAKE_ACCESS_KEY_PASSWORD,
    },
    calls: () => ({
      StopInstances: fake.calls('StopInstances'),
      DescribeInstances: fake.calls('DescribeInstances'),
    }),
    stopOps: ['StopInstances'],
    throttled: () => 0,
    close: () => fake.close(),
  };
}

const SAE_OPS = [
  'ListApplications',
  'BatchStopApplications',
  'StopApplication',
  'DescribeChangeOrder',
  'DescribeApplicationStatus',
];

async function alibaba(o: RigOptions): Promise<CloudRig> {
  const refs = names('app', o.count);
  const fake = await startFakeSae({
    region: 'cn-shanghai',
    accounts: { [SAE.id]: SAE.secret },
    apps: refs.map((appName, i) => ({
      appId: `0099b7be-5f5b-4512-a7fc-${(i + 1).toString(16).padStart(12, '0')}`,
      appName,
      namespaceId: `cn-shanghai:ns${i % o.saeNamespaces}`,
      state: 'running' as const,
    })),
    stopDelayMs: o.stopDelayMs,
    latencyMs: o.latencyMs,
    callsPerMinute: o.saeCallsPerMinute,
    rateWindowMs: 60_000,
  });
  return {
    name: 'alibaba',
    label: 'Alibaba SAE',
    refs,
    config: {
      region: 'cn-shanghai',
      endpoint: fake.url,
      callsPerMinute: o.saeCallsPerMinute,
      batchSize: o.saeBatchSize,
    },
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: SAE.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SAE.secret },
    calls: () => Object.fromEntries(SAE_OPS.map((op) => [op, fake.calls(op)])),
    stopOps: ['BatchStopApplications', 'StopApplication'],
    throttled: () => fake.rateLimited(),
    close: () => fake.close(),
  };
}

export function startCloud(name: CloudName, o: RigOptions): Promise<CloudRig> {
  if (name === 'huawei') return huawei(o);
  if (name === 'zenlayer') return zenlayer(o);
  return alibaba(o);
}
