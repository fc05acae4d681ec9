import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness.js';
import { createTestRedis, deleteByPrefix, REDIS_URL, uniqueBotPrefix } from './redis.js';
import { createSlackDriver, type SlackDriver } from './slack-driver.js';

/** The real entry point, as `npm start` runs it (through tsx instead of a build). */
const SCRIPT = 'src/main.ts';
const READY_TIMEOUT_MS = 20_000;

export interface Replica {
  name: string;
  port: number;
  url: string;
  /** Signs and sends commands and clicks to this replica. */
  driver: SlackDriver;
  /** Every stdout line so far (pino JSON lines). */
  lines: string[];
  /** Parsed log lines whose `msg` is `msg`. */
  logged(msg: string): Record<string, unknown>[];
  /** Did the replica log 'job started' for this job ID. */
  startedJob(jobId: string): boolean;
  alive(): boolean;
  /** Send a signal and wait for the process to exit. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface ReplicaSetOptions {
  /** The YAML config as an object; redis.prefix and log.level are set here. */
  config: Record<string, unknown>;
  /** Cloud credentials and the like, on top of the Slack/Redis/port environment. */
  env?: Record<string, string>;
  fakeSlack: FakeSlack;
  /** Defaults to the test Redis. */
  redisUrl?: string;
}

export interface ReplicaSet {
  prefix: string;
  configPath: string;
  /** Every replica started so far, in order. */
  replicas: Replica[];
  /** Start one more replica with the same config and environment. */
  spawn(name?: string): Promise<Replica>;
  /** Stop every replica (SIGTERM, then SIGKILL), delete the prefix's Redis keys and the config file. */
  close(): Promise<void>;
}

/** The outcome of a replica process that exited before it was ready. */
export interface EarlyExit {
  code: number | null;
  stderr: string;
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * Start src/main.ts (the bot's real entry point) with exactly `env` (plus PATH); resolves
 * with the port once it logs 'stopbot started', or with the exit if it ends first.
 */
export function spawnReplicaProcess(
  env: Record<string, string>,
  script = SCRIPT,
): { child: ChildProcess; lines: string[]; ready: Promise<number | EarlyExit> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const ready = new Promise<number | EarlyExit>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`replica not ready in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const v = parse(line);
        // main announces itself with the port it listens on, in its own log line.
        if (v?.msg === 'stopbot started' && typeof v.port === 'number') {
          clearTimeout(timer);
          resolve(v.port);
        }
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  return { child, lines, ready };
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (!alive(child)) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  if (signal === 'SIGKILL') {
    await exited;
    return;
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** N real stopbot processes sharing one Redis prefix, one fake Slack and the given cloud fakes. */
export async function startReplicas(n: number, options: ReplicaSetOptions): Promise<ReplicaSet> {
  const prefix = uniqueBotPrefix('replicas');
  const dir = mkdtempSync(join(tmpdir(), 'stopbot-replicas-'));
  const configPath = join(dir, 'stopbot.yml');
  const yaml = { ...options.config, redis: { prefix }, log: { level: 'debug' } };
  writeFileSync(configPath, stringify(yaml));
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.fakeSlack.url,
    PORT: '0',
    REDIS_URL: options.redisUrl ?? REDIS_URL,
    STOPBOT_CONFIG: configPath,
    ...options.env,
  };
  const children: ChildProcess[] = [];
  const replicas: Replica[] = [];

  const spawnOne = async (name = `replica-${replicas.length + 1}`): Promise<Replica> => {
    const { child, lines, ready } = spawnReplicaProcess(env);
    children.push(child);
    const port = await ready;
    if (typeof port !== 'number')
      throw new Error(`${name} exited (${port.code}) before ready: ${port.stderr}`);
    const url = `http://127.0.0.1:${port}`;
    const logged = (msg: string) =>
      lines.map(parse).filter((v): v is Record<string, unknown> => v?.msg === msg);
    const replica: Replica = {
      name,
      port,
      url,
      driver: createSlackDriver({ botUrl: url, signingSecret: SIGNING_SECRET, fakeSlack: options.fakeSlack }),
      lines,
      logged,
      startedJob: (jobId) => logged('job started').some((v) => v.id === jobId),
      alive: () => alive(child),
      kill: (signal) => stopChild(child, signal),
    };
    replicas.push(replica);
    return replica;
  };

  const set: ReplicaSet = {
    prefix,
    configPath,
    replicas,
    spawn: spawnOne,
    async close() {
      await Promise.all(children.map((c) => stopChild(c, 'SIGTERM')));
      const admin = createTestRedis();
      try {
        await deleteByPrefix(admin, prefix);
      } finally {
        await admin.quit();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    const started = await Promise.all(
      Array.from({ length: n }, (_, i) => spawnOne(`replica-${String.fromCharCode(65 + i)}`)),
    );
    replicas.splice(0, replicas.length, ...started);
  } catch (err) {
    await set.close();
    throw err;
  }
  return set;
}
