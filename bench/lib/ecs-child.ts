import { startFakeEcs } from '../../test/fakes/huawei/server.js';

/**
 * The fake ECS in a process of its own, so that the client benchmark's CPU
 * figures hold the client's work only. Gets its settings over IPC, answers
 * with its URL, closes on 'stop'.
 */

export interface EcsChildStart {
  type: 'start';
  ak: string;
  sk: string;
  projectId: string;
  servers: number;
}

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

process.on('message', (msg: EcsChildStart | { type: 'stop' }) => {
  if (msg.type === 'start') {
    startFakeEcs({
      ak: msg.ak,
      sk: msg.sk,
      projectId: msg.projectId,
      servers: Array.from({ length: msg.servers }, (_, i) => ({
        id: uuid(i + 1),
        name: `srv-${i + 1}`,
        state: 'running' as const,
      })),
      stopDelayMs: 3_600_000,
      latencyMs: 0,
    }).then(
      (fake) => {
        process.send?.({ type: 'ready', url: fake.url });
        process.on('message', (m: { type: string }) => {
          if (m.type === 'stop') fake.close().finally(() => process.exit(0));
        });
      },
      (err: unknown) => {
        process.send?.({ type: 'failed', message: String(err) });
        process.exit(1);
      },
    );
  }
});
