import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { stringify } from 'yaml';
import type { Env } from '../../src/config/load-config.js';
import type { FromChild, ToChild } from './bot-child.js';
import { compiledBot } from './compile.js';
import { deployedNodeOptions } from './deployed-options.js';

export interface MemorySample {
  rss: number;
  heapUsed: number;
  /** Peak resident set since the process started (VmHWM). */
  peakRss: number;
  /** CPU time (user + system) the process has used so far. */
  cpuMs: number;
}

export interface BotProcess {
  url: string;
  pid: number;
  memory(): Promise<MemorySample>;
  /** The bot's own Prometheus text (GET /metrics). */
  metrics(): Promise<string>;
  /** Warnings and errors the bot logged (its stderr), most recent last. */
  logLines(): string[];
  stop(): Promise<void>;
}

export interface BotProcessOptions {
  /** The YAML config, as an object. */
  config: Record<string, unknown>;
  /** Environment for loadConfig (tokens, keys, REDIS_URL, SLACK_API_URL). */
  env: Env;
  startTimeoutMs?: number;
  /** Which app runs in the child: stopbot (default) or the bare Bolt baseline. */
  app?: keyof typeof CHILDREN;
  /** NODE_OPTIONS for the child (e.g. heap limits); default: the Dockerfile's for stopbot, none for bare Bolt. */
  nodeOptions?: readonly string[];
}

const CHILDREN = { stopbot: 'bot-child.js', 'bare-bolt': 'bare-bolt-child.js' };

function next(child: ChildProcess, type: FromChild['type'], timeoutMs: number): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`bench bot: no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: FromChild) => {
      if (msg.type === 'failed') {
        cleanup();
        reject(new Error(`bench bot failed: ${msg.message}`));
      } else if (msg.type === type) {
        cleanup();
        resolve(msg);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench bot exited (${code}) while waiting for '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every child; BENCH_NODE_FLAGS adds node flags (diagnosis only). */
function profileArgs(): string[] {
  const dir = process.env['BENCH_CPU_PROF'];
  const extra = (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...extra];
}

/** Runs the real bot, compiled as for production, in a child process and waits until it listens. */
export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const dir = await compiledBot();
  const app = options.app ?? 'stopbot';
  // stopbot starts as deployed: with the Dockerfile's NODE_OPTIONS unless told otherwise.
  const nodeOptions = options.nodeOptions ?? (app === 'stopbot' ? deployedNodeOptions() : []);
  const child = fork(join(dir, 'bench', 'lib', CHILDREN[app]), [], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions.join(' ') },
    execArgv: profileArgs(),
    stdio: ['ignore', process.env['BENCH_CHILD_STDOUT'] === '1' ? 'inherit' : 'ignore', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.trim() !== ''));
    if (lines.length > 500) lines.splice(0, lines.length - 500);
  });
  const send = (msg: ToChild) => child.send(msg);
  const ready = next(child, 'ready', options.startTimeoutMs ?? 30_000);
  send({ type: 'start', yaml: stringify(options.config), env: options.env });
  let port: number;
  try {
    const msg = await ready;
    port = msg.type === 'ready' ? msg.port : 0;
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${lines.slice(-10).join('\n')}`);
  }
  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? 0,
    async memory() {
      const answer = next(child, 'mem', 5000);
      send({ type: 'mem' });
      const msg = await answer;
      if (msg.type !== 'mem') throw new Error('unexpected answer');
      return { rss: msg.rss, heapUsed: msg.heapUsed, peakRss: msg.peakRss, cpuMs: msg.cpuMs };
    },
    async metrics() {
      const res = await request(`${url}/metrics`);
      return res.body.text();
    },
    logLines: () => [...lines],
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}
