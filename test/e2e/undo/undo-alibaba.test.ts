import { describe } from 'vitest';
import { appId, REGION, TEST_KEY_ID, TEST_SECRET } from '../../fakes/alibaba/harness.js';
import { startFakeSae } from '../../fakes/alibaba/server.js';
import { baseConfig } from '../../helpers/bot-harness.js';
import { startBotOn } from '../../helpers/bot-on-cloud.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import type { UndoWorld } from '../../helpers/undo-world.js';
import { undoCases } from './undo.cases.js';

const PROD = `${REGION}:prod`;

const open = closeAfterEach(async (): Promise<UndoWorld> => {
  const sae = await startFakeSae({
    region: REGION,
    accounts: { [TEST_KEY_ID]: TEST_SECRET },
    apps: [1, 2].map((i) => ({
      appId: appId(i),
      appName: `app-${i}`,
      namespaceId: PROD,
      state: 'running' as const,
    })),
    stopDelayMs: 200,
  });
  const { h, close } = await startBotOn(sae, {
    config: baseConfig({
      providers: {
        alibaba: { region: REGION, endpoint: sae.url, callsPerMinute: 100_000, batchSize: 20, timeout: '2s' },
      },
    }),
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_SECRET },
  });
  return {
    h,
    provider: 'alibaba',
    label: 'Alibaba Cloud SAE',
    refs: ['app-1', 'app-2'],
    ids: [appId(1), appId(2)],
    startCalls: async () => sae.calls('BatchStartApplications') + sae.calls('StartApplication'),
    startRequestsFor: (id) => sae.startRequestsFor(id),
    isRunning: (id) => sae.isRunning(id),
    async startByHand(id) {
      sae.startByHand(id);
      await h.slack.waitFor(() => sae.isRunning(id), 5_000, 'the app started by hand');
    },
    close,
  };
});

describe('Start again on Alibaba SAE, end to end', () => {
  undoCases(open, { byHand: true });
});
