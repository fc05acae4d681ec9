import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/observability/logger.js';
import { DemoStepError, runDemoScenario } from './scenario.js';
import { BOT_TOKEN, SIGNING_SECRET } from './setup.js';

/** `npm run demo`: the scenario, printed as the people in it saw it in Slack. */
async function main(): Promise<number> {
  const logPath = join(tmpdir(), `stopbot-demo-${process.pid}.log`);
  const logFile = createWriteStream(logPath);
  const logger = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET], destination: logFile });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('This is stopbot running against a local fake Slack and its built-in sandbox cloud:');
  out(
    'no workspace, no cloud account, no Redis. Every click below is a signed HTTP request to the real bot.',
  );
  out(`(times are local; the bot's own log lines go to ${logPath})`);
  out();
  try {
    const result = await runDemoScenario({ logger });
    out(result.transcript);
    out(
      `Done in ${(result.ms / 1000).toFixed(1)} s. Next: \`npm test\`, then see the README to connect a real workspace.`,
    );
    return 0;
  } catch (err) {
    const what = err instanceof DemoStepError ? err.message : `the demo crashed: ${String(err)}`;
    process.stderr.write(`\nDemo failed: ${what}\nThe bot's log: ${logPath}\n`);
    return 1;
  } finally {
    await new Promise<void>((resolve) => logFile.end(resolve));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Demo failed: ${String(err)}\n`);
    process.exit(1);
  },
);
