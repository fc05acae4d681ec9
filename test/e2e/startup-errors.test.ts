import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../helpers/bot-harness.js';
import { HUAWEI_ENV, huaweiConfig, SK } from '../helpers/huawei-e2e.js';
import { spawnReplicaProcess } from '../helpers/replicas.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * Each way startup can fail, through the real entry point: the message names
 * what to fix, the exit code says which kind of failure it is, and no secret
 * is printed. 78 = configuration (tokens, Redis password), 69 = Redis unreachable.
 */

const REDIS_PASSWORD = 'throwaway-redis-pw-7f3a';
let slack: FakeSlack | undefined;
let redis: ChildProcess | undefined;
let redisPort = 0;
let dir = '';
let configPath = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

beforeAll(async () => {
  slack = await startFakeSlack({});
  dir = mkdtempSync(join(tmpdir(), 'stopbot-startup-'));
  configPath = join(dir, 'stopbot.yml');
  writeFileSync(configPath, stringify(huaweiConfig('http://127.0.0.1:9')));
  redisPort = await freePort();
  redis = spawn(
    'redis-server',
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      REDIS_PASSWORD,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  await waitUntil(() => accepts(redisPort), 10_000, 'the throwaway Redis to listen');
});

afterAll(async () => {
  if (redis && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis?.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }
  await slack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string>): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack?.url ?? '',
    PORT: '0',
    STOPBOT_CONFIG: configPath,
    ...HUAWEI_ENV,
    ...extra,
  };
}

async function failedStart(extra: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const { ready, child } = spawnReplicaProcess(env(extra), 'src/main.ts');
  const outcome = await ready;
  if (typeof outcome === 'number') {
    child.kill('SIGKILL');
    throw new Error('the bot started');
  }
  // Only the cause, in one place, and never a secret.
  for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, SK, REDIS_PASSWORD, 'wrong-pw-1234']) {
    expect(outcome.stderr).not.toContain(secret);
  }
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
  return outcome;
}

describe('startup that says what to fix', () => {
  it('a bot token Slack refuses names SLACK_BOT_TOKEN and exits 78', async () => {
    const outcome = await failedStart({ SLACK_BOT_TOKEN: 'xoxb-0000-revoked-token' });
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toMatch(
      /^stopbot: configuration error: SLACK_BOT_TOKEN: was refused by Slack \(invalid_auth\)/,
    );
  });

  it('an app-level token Slack refuses names SLACK_APP_TOKEN and exits 78', async () => {
    const outcome = await failedStart({ SLACK_APP_TOKEN: 'xapp-1-A0STOPBOT-0000-revoked' });
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toMatch(
      /^stopbot: configuration error: SLACK_APP_TOKEN: was refused by Slack \(invalid_auth\)/,
    );
  });

  it('a wrong Redis password says so, names REDIS_URL and exits 78', async () => {
    const outcome = await failedStart({ REDIS_URL: `redis://:wrong-pw-1234@127.0.0.1:${redisPort}` });
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toMatch(
      /^stopbot: configuration error: REDIS_URL: .*refused the password \(WRONGPASS\)/,
    );
    expect(outcome.stderr).toContain(`127.0.0.1:${redisPort}`);
  });

  it('no Redis password where one is needed says so, names REDIS_URL and exits 78', async () => {
    const outcome = await failedStart({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toMatch(/^stopbot: configuration error: REDIS_URL: .*needs a password \(NOAUTH\)/);
  });

  it('Redis down is reported as unreachable, naming REDIS_URL, with exit code 69', async () => {
    const port = await freePort();
    const outcome = await failedStart({ REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${port}` });
    expect(outcome.code).toBe(69);
    expect(outcome.stderr).toMatch(
      new RegExp(`^stopbot: unavailable: REDIS_URL: Redis at 127\\.0\\.0\\.1:${port} is not reachable`),
    );
  });

  it('the right Redis password starts the bot (the throwaway Redis is a fair test)', async () => {
    const { ready, child } = spawnReplicaProcess(
      env({ REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redisPort}` }),
    );
    try {
      expect(typeof (await ready)).toBe('number');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
