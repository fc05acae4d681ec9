import fc from 'fast-check';
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { storeRedisOptions } from '../../src/approvals/redis-connection.js';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import { createTestRedis, deleteByPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { waitUntil } from '../helpers/wait-until.js';
import { commandArbs, driveHome, type Model, modelRunSettings, type Real, SLOTS } from './request-model.js';

const START = 1_700_000_000_000;
const freshModel = (): Model => ({ now: START, requests: Array.from({ length: SLOTS }, () => undefined) });
const { numRuns, seed } = modelRunSettings();
const commands = fc.commands(commandArbs, { maxCommands: 40, size: 'max' });

describe('the request state machine, checked against a model', () => {
  it('memory store', { timeout: Math.max(60_000, numRuns * 500) }, async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const clock = { now: START };
        const real: Real = {
          store: createMemoryStore({ now: () => clock.now }),
          clock,
          reconnect: async () => {},
        };
        const model = freshModel();
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        await driveHome(model, real);
      }),
      { numRuns, seed },
    );
  });

  it('Redis store, with the connection dropped and re-made mid-run', {
    timeout: Math.max(120_000, numRuns * 3_000),
  }, async () => {
    const admin = createTestRedis();
    try {
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          const prefix = uniquePrefix('model');
          const client = new Redis(REDIS_URL, storeRedisOptions());
          client.on('error', () => undefined);
          const clock = { now: START };
          const real: Real = {
            store: createRedisStore({ redis: client, prefix, connectWaitMs: 3_000 }),
            clock,
            // The server drops the connection (as a network blip or a restart would);
            // the client reconnects by itself and the run carries on.
            reconnect: async () => {
              await waitUntil(() => real.store.ping(), 5_000, 'the store to connect');
              const id = await client.client('ID');
              await admin.client('KILL', 'ID', String(id));
              await waitUntil(
                async () => (await real.store.ping()) && client.status === 'ready',
                5_000,
                'reconnect',
              );
            },
          };
          try {
            const model = freshModel();
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            await driveHome(model, real);
          } finally {
            client.disconnect();
            await deleteByPrefix(admin, prefix);
          }
        }),
        { numRuns, seed },
      );
    } finally {
      await admin.quit();
    }
  });
});
