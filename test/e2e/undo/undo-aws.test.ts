import { describe } from 'vitest';
import { FAKE_KEYS, startFakeEc2 } from '../../fakes/aws/fake-ec2.js';
import { baseConfig } from '../../helpers/bot-harness.js';
import { startBotOn } from '../../helpers/bot-on-cloud.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import type { UndoWorld } from '../../helpers/undo-world.js';
import { undoCases } from './undo.cases.js';

const id = (i: number) => `i-0${String(i).padStart(16, '0')}`;

const open = closeAfterEach(async (): Promise<UndoWorld> => {
  const ec2 = await startFakeEc2({
    instances: [1, 2].map((i) => ({ id: id(i), name: `web-${i}`, state: 'running' as const })),
    stopDelayMs: 200,
  });
  const { h, close } = await startBotOn(ec2, {
    config: baseConfig({ providers: { aws: { region: 'us-east-1', endpoint: ec2.url, timeout: '2s' } } }),
    env: { AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey },
  });
  return {
    h,
    provider: 'aws',
    label: 'AWS EC2',
    refs: ['web-1', 'web-2'],
    ids: [id(1), id(2)],
    startCalls: async () => ec2.calls('StartInstances'),
    startRequestsFor: (i) => ec2.startRequestsFor(i),
    isRunning: (i) => ec2.stateOf(i) === 'running',
    async startByHand(i) {
      // Someone at the console: the instance is running again, without our StartInstances.
      const instance = ec2.instances.get(i);
      if (instance) Object.assign(instance, { state: 'running', runningAt: undefined, stoppedAt: undefined });
    },
    close,
  };
});

describe('Start again on AWS EC2 (the EC2 fake), end to end', () => {
  undoCases(open, { byHand: true });
});
