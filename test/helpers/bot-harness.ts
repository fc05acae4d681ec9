import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { secretValues } from '../../src/config/secret-values.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { RetryPolicy } from '../../src/providers/retry.js';
import { buildStopbot, type Stopbot } from '../../src/runtime/build.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import type { FakeSlackOptions } from '../fakes/slack/types.js';
import { createSlackDriver, type SlackDriver } from './slack-driver.js';

export const BOT_TOKEN = 'xoxb-0000-fake-bot-token';
export const SIGNING_SECRET = 'test-signing-secret-0c1d2e3f4a5b';
export const APP_TOKEN = 'xapp-1-A0STOPBOT-0000-fake-app-token';
export const fastRetry: RetryPolicy = { retries: 5, baseMs: 20, capMs: 200 };

export interface HarnessOptions {
  /** The YAML config as an object; approvals/tracking defaults below are merged in. */
  config: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  slack?: FakeSlackOptions;
  /** Share one fake Slack between several bots (replicas). */
  fakeSlack?: FakeSlack;
  socketMode?: boolean;
  jobTuning?: { lockDurationMs?: number; stalledIntervalMs?: number };
  /** Node's default process metrics (process_*, nodejs_*) on /metrics; off unless asked for. */
  defaultMetrics?: boolean;
  /** How long /readyz reuses Slack's last answer (the bot's default unless given). */
  slackReadyCacheMs?: number;
  /** How often provider credentials are checked again (the bot's default unless given). */
  credentialCheckEveryMs?: number;
  /** false: skip the credentials checks (a seeded fault sequence must not see an extra call). */
  checkCredentials?: boolean;
  /** Mask known secret values in log lines, as main does (default true); off proves nothing leaks at the source. */
  maskSecrets?: boolean;
}

export interface Harness {
  slack: FakeSlack;
  driver: SlackDriver;
  bot: Stopbot;
  url: string;
  /** Every log line the bot wrote. */
  logs: string[];
  close(): Promise<void>;
}

export function baseConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    approvals: { approvers: ['U0ALICE', 'S0ONCALL'], selfApproval: false, expiresIn: '1m', groupCacheTtl: 0 },
    tracking: { pollInterval: '100ms', timeout: '30s' },
    slack: { progressEvery: '200ms', timeout: '5s', retries: 2 },
    ...extra,
  };
}

/** The real stopbot, built from YAML + env exactly as main does, against a fake Slack. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const slack =
    options.fakeSlack ?? (await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] }, ...options.slack }));
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: options.socketMode ? APP_TOKEN : undefined,
    SLACK_API_URL: slack.url,
    PORT: '0',
    ...options.env,
  };
  const config = loadConfig(env, { path: 'test.yml', text: stringify(options.config) });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({
    level: 'debug',
    secrets: options.maskSecrets === false ? [] : secretValues(config),
    destination: sink,
  });
  const bot = await buildStopbot(config, {
    logger,
    metrics: createMetrics({ defaultMetrics: options.defaultMetrics ?? false }),
    retry: fastRetry,
    jobTuning: options.jobTuning,
    slackReadyCacheMs: options.slackReadyCacheMs,
    credentialCheckEveryMs: options.credentialCheckEveryMs,
    checkCredentials: options.checkCredentials,
  });
  const { port } = await bot.start();
  // The startup credentials check is a provider call of its own: let it land before a test counts calls.
  await bot.credentialsChecked();
  const url = `http://127.0.0.1:${port}`;
  const driver = createSlackDriver({
    botUrl: url,
    signingSecret: config.slack.signingSecret ?? SIGNING_SECRET,
    fakeSlack: slack,
  });
  return {
    slack,
    driver,
    bot,
    url,
    logs,
    async close() {
      await bot.stop();
      if (!options.fakeSlack) await slack.close();
    },
  };
}
