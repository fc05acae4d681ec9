import { type FakeEcs, startFakeEcs } from '../fakes/huawei/server.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { baseConfig } from './bot-harness.js';
import { type ReplicaSet, startReplicas } from './replicas.js';

/** Shared setup of the Redis / replica end-to-end tests: the bot against the fake Huawei ECS. */
export const AK = 'HWREPLICAAK000000001';
export const SK = 'hwReplicaSecretKey0000000000000000000000000';
export const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const HUAWEI_ENV = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };

export const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Running servers srv-1 … srv-n with UUIDs uuid(1) … uuid(n). */
export function servers(n: number): FakeServerSeed[] {
  return Array.from({ length: n }, (_, i) => ({ id: uuid(i + 1), name: `srv-${i + 1}`, state: 'running' }));
}

/** A fake ECS that HUAWEI_ENV's credentials work against, with running servers srv-1 … srv-n. */
export function startEcs(options: {
  servers: number;
  stopDelayMs: number;
  now?: () => number;
}): Promise<FakeEcs> {
  return startFakeEcs({
    ak: AK,
    sk: SK,
    projectId: PROJECT,
    servers: servers(options.servers),
    stopDelayMs: options.stopDelayMs,
    now: options.now,
  });
}

/** The bot's YAML config (as an object) for a fake ECS at `endpoint`, with short job locks. */
export function huaweiConfig(endpoint: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return baseConfig({
    providers: { huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint } },
    jobs: { lockDuration: '1s', stalledInterval: '500ms', reconcileEvery: '1m' },
    ...extra,
  });
}

export interface ReplicaWorld {
  slack: FakeSlack;
  ecs: FakeEcs;
  set: ReplicaSet;
  /** Replicas first, then the fakes. */
  close(): Promise<void>;
}

/** `replicas` stopbot processes sharing one Redis prefix, one fake Slack and one fake ECS. */
export async function startReplicaWorld(
  replicas: number,
  /** `now`: the fake cloud's clock (a test may move it on to end a slow stop). */
  options: { stopDelayMs: number; servers: number; oncall: string[]; now?: () => number },
): Promise<ReplicaWorld> {
  const slack = await startFakeSlack({ userGroups: { S0ONCALL: options.oncall } });
  const ecs = await startEcs(options);
  const closeFakes = async () => {
    await ecs.close();
    await slack.close();
  };
  let set: ReplicaSet;
  try {
    set = await startReplicas(replicas, { fakeSlack: slack, config: huaweiConfig(ecs.url), env: HUAWEI_ENV });
  } catch (err) {
    await closeFakes();
    throw err;
  }
  return {
    slack,
    ecs,
    set,
    async close() {
      await set.close();
      await closeFakes();
    },
  };
}
