import { describe } from 'vitest';
import { startFakeEcs } from '../../fakes/huawei/server.js';
import { baseConfig } from '../../helpers/bot-harness.js';
import { startBotOn } from '../../helpers/bot-on-cloud.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import { AK, PROJECT, SK, servers, uuid } from '../../helpers/huawei-e2e.js';
import type { UndoWorld } from '../../helpers/undo-world.js';
import { undoCases } from './undo.cases.js';

const open = closeAfterEach(async (): Promise<UndoWorld> => {
  const ecs = await startFakeEcs({
    ak: AK,
    sk: SK,
    projectId: PROJECT,
    servers: servers(2),
    stopDelayMs: 200,
  });
  const { h, close } = await startBotOn(ecs, {
    config: baseConfig({
      providers: { huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint: ecs.url } },
    }),
    env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK },
  });
  return {
    h,
    provider: 'huawei',
    label: 'Huawei Cloud ECS',
    refs: ['srv-1', 'srv-2'],
    ids: [uuid(1), uuid(2)],
    startCalls: async () => ecs.calls('BatchStartServers'),
    startRequestsFor: (id) => ecs.startRequestsFor(id),
    isRunning: (id) => ecs.isRunning(id),
    async startByHand(id) {
      // The console's own os-start (counted as a start request for this server, not for the other).
      ecs.state.start([id]);
      await h.slack.waitFor(() => ecs.isRunning(id), 5_000, 'the server started by hand');
    },
    close,
  };
});

describe('Start again on Huawei ECS, end to end', () => {
  undoCases(open, { byHand: true });
});
