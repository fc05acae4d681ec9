import { loadConfig } from './config/load-config.js';
import { readConfigFile } from './config/read-config-file.js';
import { secretValues } from './config/secret-values.js';
import { createLogger } from './observability/logger.js';
import { buildStopbot } from './runtime/build.js';
import { exitCodeFor, startupFailure } from './runtime/exit-code.js';

/** The only place that reads process.env: config once, build, start, stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig(env, readConfigFile(env, process.cwd()));
  const secrets = secretValues(config);
  const logger = createLogger({ level: config.log.level, secrets });
  const bot = await buildStopbot(config, { logger });
  await bot.start();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new work, finishing work in hand');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(startupFailure(err));
  process.exit(exitCodeFor(err));
});
