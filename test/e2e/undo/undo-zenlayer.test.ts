import { describe } from 'vitest';
import { zenlayerId } from '../../fakes/zenlayer/harness.js';
import {
  FAKE_ACCESS_KEY_ID,
  FAKE_ACCESS_KEY_PASSWORD,
  startFakeZenlayer,
} from '../../fakes/zenlayer/server.js';
import { baseConfig } from '../../helpers/bot-harness.js';
import { startBotOn } from '../../helpers/bot-on-cloud.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import type { UndoWorld } from '../../helpers/undo-world.js';
import { undoCases } from './undo.cases.js';

const open = closeAfterEach(async (): Promise<UndoWorld> => {
  const bmc = await startFakeZenlayer({
    machines: [1, 2].map((i) => ({ id: zenlayerId(i), name: `web-${i}` })),
    stopDelayMs: 200,
  });
  const { h, close } = await startBotOn(bmc, {
    config: baseConfig({ providers: { zenlayer: { endpoint: bmc.url, timeout: '2s' } } }),
    env: {
      ZENLAYERCLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: FAKE_ACCESS_KEY_PASSWORD,
    },
  });
  return {
    h,
    provider: 'zenlayer',
    label: 'Zenlayer bare metal',
    refs: ['web-1', 'web-2'],
    ids: [zenlayerId(1), zenlayerId(2)],
    startCalls: async () => bmc.calls('StartInstances'),
    startRequestsFor: (id) => bmc.startRequestsFor(id),
    isRunning: (id) => bmc.statusOf(id) === 'RUNNING',
    async startByHand(id) {
      bmc.setStatus(id, 'RUNNING');
    },
    close,
  };
});

describe('Start again on Zenlayer bare metal, end to end', () => {
  undoCases(open, { byHand: true });
});
