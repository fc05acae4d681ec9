import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { type Env, loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { buildStopbot, type Stopbot } from '../../src/runtime/build.js';

/**
 * The real stopbot in its own process, for the benchmark: config (YAML text)
 * and env arrive over IPC, exactly what main would read. Answers 'mem' with
 * its memory figures and 'stop' with a graceful shutdown.
 */

export type ToChild = { type: 'start'; yaml: string; env: Env } | { type: 'mem' } | { type: 'stop' };
export type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'mem'; rss: number; heapUsed: number; peakRss: number; cpuMs: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/** VmHWM (peak resident set) of this process, in bytes; 0 where /proc is not there. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return 0;
    throw err;
  }
}

const reply = (msg: FromChild) => process.send?.(msg);
let bot: Stopbot | undefined;

async function start(yaml: string, env: Env): Promise<void> {
  const config = loadConfig(env, { path: 'bench.yml', text: yaml });
  const secrets = [config.slack.botToken, config.slack.signingSecret].filter(
    (s): s is string => typeof s === 'string',
  );
  const logger = createLogger({
    level: config.log.level,
    secrets,
    destination: pino.destination({ dest: 2, sync: false }),
  });
  bot = await buildStopbot(config, { logger });
  const { port } = await bot.start();
  reply({ type: 'ready', port });
}

process.on('message', (msg: ToChild) => {
  if (msg.type === 'start') {
    start(msg.yaml, msg.env).catch((err: unknown) =>
      reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  } else if (msg.type === 'mem') {
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    reply({
      type: 'mem',
      rss: m.rss,
      heapUsed: m.heapUsed,
      peakRss: peakRss(),
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  } else if (msg.type === 'stop') {
    const done = () => {
      reply({ type: 'stopped' });
      process.disconnect();
      setTimeout(() => process.exit(0), 100).unref();
    };
    (bot ? bot.stop() : Promise.resolve()).then(done, (err: unknown) => {
      process.stderr.write(`bench bot: stop failed: ${String(err)}\n`);
      done();
    });
  }
});
