import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import { StateUnavailableError } from '../../src/errors.js';
import {
  createTestRedis,
  deleteByPrefix,
  keysWithPrefix,
  REDIS_URL,
  uniquePrefix,
} from '../helpers/redis.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { storeContract } from './store.contract.js';
import { decision, makeRequest, sleep, T0 } from './store-cases/fixtures.js';

storeContract('redis', async () => {
  const admin = createTestRedis();
  const prefix = uniquePrefix('store');
  const store = createRedisStore({ redis: REDIS_URL, prefix });
  return {
    store,
    async cleanup() {
      await store.close();
      await deleteByPrefix(admin, prefix);
      await admin.quit();
    },
  };
});

describe('redis store specifics', () => {
  const withAdmin = async (
    fn: (admin: ReturnType<typeof createTestRedis>, prefix: string) => Promise<void>,
  ) => {
    const admin = createTestRedis();
    const prefix = uniquePrefix('store-x');
    try {
      await fn(admin, prefix);
    } finally {
      await deleteByPrefix(admin, prefix);
      await admin.quit();
    }
  };

  it('keeps every key under the prefix, with a TTL renewed by each transition', () =>
    withAdmin(async (admin, prefix) => {
      const store = createRedisStore({ redis: admin, prefix, ttlMs: 60_000 });
      const request = makeRequest();
      await store.createRequest(request);
      await store.appendAudit(request.id, { at: T0, type: 'requested' });
      await store.setTracking(request.id, { round: 1 });
      const active = `${prefix}:active`;
      expect(await admin.smembers(active)).toEqual([request.id]);
      // The recent index has no TTL: it is bounded by count (RECENT_MAX) instead.
      const recent = `${prefix}:recent`;
      expect(await admin.zrange(recent, 0, -1)).toEqual([request.id]);
      const keys = (await keysWithPrefix(admin, prefix)).filter((key) => key !== active && key !== recent);
      expect(keys).toHaveLength(4);
      for (const key of keys) expect(await admin.pttl(key)).toBeGreaterThan(50_000);
      for (const key of keys) await admin.pexpire(key, 5_000);
      await store.decide(request.id, decision());
      await store.finish(request.id, T0 + 10);
      for (const key of keys) expect(await admin.pttl(key)).toBeGreaterThan(50_000);
      expect(await admin.exists(active)).toBe(0);
      await store.close();
      expect(await admin.ping()).toBe('PONG');
    }));

  it('drops a request from the active set once its keys have expired', () =>
    withAdmin(async (admin, prefix) => {
      const store = createRedisStore({ redis: admin, prefix });
      const kept = makeRequest();
      const lost = makeRequest();
      await store.createRequest(kept);
      await store.createRequest(lost);
      await admin.del(`${prefix}:req:{${lost.id}}`);
      expect(await store.listActive()).toEqual([kept.id]);
      expect(await admin.smembers(`${prefix}:active`)).toEqual([kept.id]);
    }));

  it('reloads its scripts after Redis forgets them', () =>
    withAdmin(async (admin, prefix) => {
      const store = createRedisStore({ redis: admin, prefix });
      const request = makeRequest();
      await store.createRequest(request);
      await admin.script('FLUSH');
      expect((await store.decide(request.id, decision())).ok).toBe(true);
    }));

  it('closes the client it created from a URL', async () => {
    const store = createRedisStore({ redis: REDIS_URL, prefix: uniquePrefix('store-close') });
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(store.getRequest('x')).rejects.toBeInstanceOf(StateUnavailableError);
  });

  it('fails fast during an outage, replays nothing, and recovers after', () =>
    withAdmin(async (_admin, prefix) => {
      const url = new URL(REDIS_URL);
      const proxy = await startTcpProxy(url.hostname, Number(url.port || 6379));
      const store = createRedisStore({
        redis: `redis://${url.hostname}:${proxy.port}`,
        prefix,
        connectWaitMs: 300,
      });
      try {
        const request = makeRequest();
        await store.createRequest(request);
        await proxy.pause();
        const started = Date.now();
        await expect(store.decide(request.id, decision())).rejects.toBeInstanceOf(StateUnavailableError);
        expect(await store.ping()).toBe(false);
        expect(Date.now() - started).toBeLessThan(2_000);

        await proxy.resume();
        const deadline = Date.now() + 5_000;
        while (!(await store.ping()) && Date.now() < deadline) await sleep(100);
        expect(await store.ping()).toBe(true);
        await sleep(300);
        expect((await store.getRequest(request.id))?.state).toBe('pending');
      } finally {
        await store.close();
        await proxy.close();
      }
    }));

  it('reports a Redis that was never reachable', async () => {
    const proxy = await startTcpProxy('127.0.0.1', 6379);
    await proxy.pause();
    const store = createRedisStore({
      redis: `redis://127.0.0.1:${proxy.port}`,
      prefix: 'unused',
      connectWaitMs: 200,
    });
    expect(await store.ping()).toBe(false);
    await expect(store.createRequest(makeRequest())).rejects.toBeInstanceOf(StateUnavailableError);
    await store.close();
  });
});
