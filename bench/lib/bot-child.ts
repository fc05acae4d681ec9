import { pino } from 'pino';
import { type Env, loadConfig } from '../../src/config/load-config.js';
import { secretValues } from '../../src/config/secret-values.js';
import { createLogger } from '../../src/observability/logger.js';
import { buildStopbot, type Stopbot } from '../../src/runtime/build.js';
import { serveChild } from './child-ipc.js';

export type { FromChild, ToChild } from './child-ipc.js';

/**
 * The real stopbot in its own process, for the benchmark: config (YAML text)
 * and env arrive over IPC, exactly what main would read. Answers 'mem' with
 * its memory figures and 'stop' with a graceful shutdown.
 */
let bot: Stopbot | undefined;

serveChild({
  reportPeak: true,
  async start(yaml: string, env: Env) {
    const config = loadConfig(env, { path: 'bench.yml', text: yaml });
    const logger = createLogger({
      level: config.log.level,
      secrets: secretValues(config),
      destination: pino.destination({ dest: 2, sync: false }),
    });
    bot = await buildStopbot(config, { logger });
    return (await bot.start()).port;
  },
  stop: () => (bot ? bot.stop() : Promise.resolve()),
});
