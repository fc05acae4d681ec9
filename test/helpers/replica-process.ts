/**
 * One real stopbot replica in its own process, built exactly as src/main.ts
 * builds it: loadConfig from the environment and the YAML file STOPBOT_CONFIG
 * names, a JSON logger on stdout, buildStopbot, start. Prints one line
 * `{"ready":true,"port":N}` once listening; SIGTERM stops it gracefully.
 * A startup failure goes to stderr as main's does, with a non-zero exit.
 *
 * Usage: node --import tsx test/helpers/replica-process.ts  (env as for npm start)
 */
import { loadConfig } from '../../src/config/load-config.js';
import { readConfigFile } from '../../src/config/read-config-file.js';
import { secretValues } from '../../src/config/secret-values.js';
import { createLogger } from '../../src/observability/logger.js';
import { buildStopbot } from '../../src/runtime/build.js';
import { exitCodeFor, startupFailure } from '../../src/runtime/exit-code.js';

async function run(): Promise<void> {
  const env = process.env;
  const config = loadConfig(env, readConfigFile(env, process.cwd()));
  const secrets = secretValues(config);
  const logger = createLogger({ level: config.log.level, secrets });
  const bot = await buildStopbot(config, { logger });
  const { port } = await bot.start();
  process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`replica: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  });
}

run().catch((err: unknown) => {
  process.stderr.write(startupFailure(err));
  process.exit(exitCodeFor(err));
});
