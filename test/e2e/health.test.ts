import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { waitForCard, waitForReply } from '../helpers/cards.js';
import { createTestRedis, deleteByPrefix } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const config = baseConfig({
  providers: { sandbox: { machines: [{ id: 'vm-1', name: 'web-1' }], stopDelay: '0s' } },
});

let h: Harness | undefined;
let proxy: TcpProxy | undefined;
let proxyPaused = false;
let prefix: string | undefined;

afterEach(async () => {
  if (proxyPaused) await proxy?.resume();
  await h?.close();
  await proxy?.close();
  if (prefix) {
    const redis = createTestRedis();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  }
  h = undefined;
  proxy = undefined;
  proxyPaused = false;
  prefix = undefined;
});

async function get(url: string) {
  const res = await request(url);
  const text = await res.body.text();
  return {
    status: res.statusCode,
    type: String(res.headers['content-type']),
    body: JSON.parse(text) as unknown,
  };
}

describe('GET /healthz and /readyz', () => {
  it('HTTP mode: up and ready; not ready, naming Slack, while auth.test fails; ready again after', async () => {
    h = await startHarness({ config, slackReadyCacheMs: 0 });
    expect(await get(`${h.url}/healthz`)).toEqual({
      status: 200,
      type: 'application/json',
      body: { status: 'ok' },
    });
    expect(await get(`${h.url}/readyz`)).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { slack: 'ok' } },
    });

    h.slack.failNext('auth.test', { error: 'invalid_auth' });
    expect(await get(`${h.url}/readyz`)).toMatchObject({
      status: 503,
      body: { status: 'not ready', checks: { slack: 'unavailable' } },
    });
    // The process itself is still up.
    expect((await get(`${h.url}/healthz`)).status).toBe(200);
    expect((await get(`${h.url}/readyz`)).status).toBe(200);
  });

  it('Socket Mode: the same routes on the HTTP port, and no Slack events route there', async () => {
    h = await startHarness({ config, socketMode: true, slackReadyCacheMs: 0 });
    await h.slack.waitFor(() => (h?.slack.socket.connectionCount ?? 0) > 0, 5000, 'a Socket Mode connection');
    expect((await get(`${h.url}/healthz`)).status).toBe(200);
    expect(await get(`${h.url}/readyz`)).toMatchObject({ status: 200, body: { checks: { slack: 'ok' } } });
    h.slack.failNext('auth.test', { error: 'account_inactive' });
    expect(await get(`${h.url}/readyz`)).toMatchObject({
      status: 503,
      body: { status: 'not ready', checks: { slack: 'unavailable' } },
    });
    const events = await request(`${h.url}/slack/events`, { method: 'POST', body: '{}' });
    await events.body.dump();
    expect(events.statusCode).toBe(404);
  });

  it("reuses Slack's answer briefly instead of calling auth.test on every probe", async () => {
    h = await startHarness({ config, slackReadyCacheMs: 60_000 });
    const before = h.slack.counts['auth.test'] ?? 0;
    for (let i = 0; i < 5; i++) expect((await get(`${h.url}/readyz`)).status).toBe(200);
    expect((h.slack.counts['auth.test'] ?? 0) - before, 'auth.test calls for five probes').toBe(1);
    // Within the cache window a Slack failure is not seen yet; that is the trade for not hammering Slack.
    h.slack.failNext('auth.test', { error: 'invalid_auth' });
    expect((await get(`${h.url}/readyz`)).status).toBe(200);
  });

  it('with REDIS_URL: Redis is checked too, and named when it cannot be reached', async () => {
    prefix = `stopbot-test-health-${randomBytes(6).toString('hex')}`;
    const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await startTcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
    redisUrl.host = `127.0.0.1:${proxy.port}`;
    h = await startHarness({
      config: { ...config, redis: { prefix } },
      env: { REDIS_URL: redisUrl.toString() },
    });
    expect(await get(`${h.url}/readyz`)).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { slack: 'ok', redis: 'ok' } },
    });

    await proxy.pause();
    proxyPaused = true;
    expect(await get(`${h.url}/readyz`)).toMatchObject({
      status: 503,
      body: { status: 'not ready', checks: { slack: 'ok', redis: 'unavailable' } },
    });
    expect((await get(`${h.url}/healthz`)).status).toBe(200);

    await proxy.resume();
    proxyPaused = false;
    const deadline = Date.now() + 8000;
    let ready = await get(`${h.url}/readyz`);
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await get(`${h.url}/readyz`);
    }
    expect(ready).toMatchObject({ status: 200, body: { checks: { slack: 'ok', redis: 'ok' } } });

    // And it works again: a request goes through its jobs (this also lets the job worker reconnect
    // before shutdown; see the report about closing during a reconnect).
    await h.driver.command('U0BOB', 'sandbox web-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/, 10_000);
  });
});
