import { type FakeEcs, startFakeEcs } from '../fakes/huawei/server.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { baseConfig, type HarnessOptions } from './bot-harness.js';
import { type BotOnCloud, startBotOn } from './bot-on-cloud.js';

const AK = 'HWSECAK0000000000001';
const SK = 'hwSecSecretKey000000000000000000000000000';
const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

export interface HuaweiBot extends BotOnCloud {
  ecs: FakeEcs;
}

/** The bot (in memory, or on Redis through `extra`) in front of a fake ECS holding `servers`. */
export async function startHuaweiBot(
  servers: FakeServerSeed[],
  extra: Record<string, unknown> = {},
  options: Partial<HarnessOptions> = {},
): Promise<HuaweiBot> {
  const ecs = await startFakeEcs({ ak: AK, sk: SK, projectId: PROJECT, servers, stopDelayMs: 200 });
  const bot = await startBotOn(ecs, {
    ...options,
    config: baseConfig({
      incidentChannel: 'C0INCIDENT',
      providers: { huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint: ecs.url } },
      ...extra,
    }),
    env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, ...options.env },
  });
  return { ecs, ...bot };
}
