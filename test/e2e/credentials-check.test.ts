import { request } from 'undici';
import { afterEach, expect, it } from 'vitest';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { closeAll } from '../helpers/cleanup.js';
import { AK, HUAWEI_ENV, huaweiConfig, startEcs } from '../helpers/huawei-e2e.js';
import { sampleValue, scrape } from '../helpers/prom-text.js';
import { waitUntil } from '../helpers/wait-until.js';

let ecs: FakeEcs | undefined;
let bot: Harness | undefined;

afterEach(async () => {
  const [b, e] = [bot, ecs];
  bot = undefined;
  ecs = undefined;
  await closeAll([() => b?.close(), () => e?.close()]);
});

const WRONG_SK = 'hwWrongSecretKey00000000000000000000000000';

async function readyz(url: string): Promise<{ status: number; body: { checks: Record<string, string> } }> {
  const res = await request(`${url}/readyz`);
  return { status: res.statusCode, body: (await res.body.json()) as { checks: Record<string, string> } };
}

const refusals = (h: Harness) => h.logs.filter((line) => /refused the credentials/.test(line));

it('a cloud that refuses the credentials: the bot starts, /readyz and the metric show it, the log names it once', async () => {
  ecs = await startEcs({ servers: 1, stopDelayMs: 50 });
  bot = await startHarness({
    config: huaweiConfig(ecs.url),
    env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: WRONG_SK },
    credentialCheckEveryMs: 100,
  });
  const h = bot;
  const fake = ecs;
  // Started, and the first check already has its answer (the harness waits for it).
  expect(fake.authFailures()).toBeGreaterThanOrEqual(1);
  const ready = await readyz(h.url);
  expect(ready.body.checks['credentials:huawei']).toBe('refused');
  expect(ready.body.checks.slack).toBe('ok');
  expect(ready.status, 'a refused cloud key is shown, not a reason to take the Slack side out').toBe(200);
  const { samples } = await scrape(h.url);
  expect(sampleValue(samples, 'stopbot_provider_credentials_ok', { provider: 'huawei' })).toBe(0);

  // Several more rounds, each refused: still one log line.
  const failures = fake.authFailures();
  await waitUntil(() => fake.authFailures() >= failures + 3, 10_000, 'three more credential checks');
  const lines = refusals(h);
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
  expect(line).toMatchObject({ provider: 'huawei', env: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'] });
  expect(lines[0]).not.toContain(WRONG_SK);
});

it('credentials the cloud accepts show as ok, with the metric at 1 and nothing logged as refused', async () => {
  ecs = await startEcs({ servers: 1, stopDelayMs: 50 });
  bot = await startHarness({ config: huaweiConfig(ecs.url), env: HUAWEI_ENV });
  const ready = await readyz(bot.url);
  expect(ready).toMatchObject({ status: 200, body: { checks: { 'credentials:huawei': 'ok' } } });
  const { samples } = await scrape(bot.url);
  expect(sampleValue(samples, 'stopbot_provider_credentials_ok', { provider: 'huawei' })).toBe(1);
  expect(refusals(bot)).toHaveLength(0);
  // The startup line with the effective policy (no lists in this config: anyone, anywhere).
  const policy = bot.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => /^policy: /.test(String(l.msg)));
  expect(policy?.msg).toBe(
    'policy: may ask: anyone; in: any channel; may approve: U0ALICE, S0ONCALL; self-approval: not allowed; requests expire after 1m',
  );
});

it('a cloud that does not answer does not stop the bot from starting; it is shown as unreachable', async () => {
  bot = await startHarness({ config: huaweiConfig('http://127.0.0.1:9'), env: HUAWEI_ENV });
  const ready = await readyz(bot.url);
  expect(ready.status).toBe(200);
  expect(ready.body.checks['credentials:huawei']).toBe('unreachable');
  expect(refusals(bot)).toHaveLength(0);
});
