import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { CLOUD_NAMES } from './clouds.js';
import { type ProviderSecrets, readCredentials } from './credentials.js';
import { describeIssues } from './describe-issues.js';
import { type RedisTarget, readRedisTarget } from './redis-env.js';
import { type FileConfig, fileSchema } from './schema.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Credentials by provider name, as read from the environment at startup. */
export type Secrets = ProviderSecrets['byProvider'];

export interface Config extends FileConfig {
  slack: FileConfig['slack'] & {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    /** Socket Mode when an app-level token is set, HTTP otherwise. */
    mode: 'socket' | 'http';
  };
  port: number;
  redisUrl?: string;
  /** Where Redis is (REDIS_URL, or REDIS_SENTINELS); undefined keeps state in memory. */
  redisTarget?: RedisTarget;
  secrets: Secrets;
  /** Every credential value that is secret (keys, passwords, tokens), to mask in logs. */
  maskedSecrets: readonly string[];
  configPath?: string;
}

export interface ConfigFile {
  path: string;
  text: string;
}

const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ message: 'is required: the bot token (xoxb-…) from the Slack app’s OAuth page' })
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().min(1, 'must not be empty').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z
    .string()
    .url('must be a URL such as https://slack.com/api/')
    .default('https://slack.com/api/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .refine((p) => p >= 0 && p <= 65535, 'must be between 0 and 65535')
    .default(3000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  REDIS_SENTINELS: z.string().optional(),
  REDIS_SENTINEL_NAME: z.string().optional(),
});

/** Blank environment values count as unset. */
function cleanEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}

function parseFile(file: ConfigFile | undefined): FileConfig {
  if (!file) {
    throw new ConfigError(
      'STOPBOT_CONFIG',
      'no config file found; set STOPBOT_CONFIG to a YAML file or create stopbot.yml (see stopbot.example.yml)',
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(file.text);
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new ConfigError(file.path, `is not valid YAML${line ? ` (line ${line})` : ''}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file.path, 'must be a YAML mapping with approvals:, providers: and so on');
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw ConfigError.of(describeIssues(parsed.error, { schema: fileSchema, input: raw })) ?? parsed.error;
  }
  return parsed.data;
}

/** Runs one check; a ConfigError's problems are added to the list instead of stopping the others. */
function gather<T>(problems: ConfigProblem[], check: () => T): T | undefined {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}

/**
 * Read the whole configuration once, at startup. Throws one ConfigError
 * listing every wrong field (environment and file) and how to fix each.
 */
export function loadConfig(rawEnv: Env, file: ConfigFile | undefined): Config {
  const env = cleanEnv(rawEnv);
  const problems: ConfigProblem[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success)
    problems.push(...describeIssues(parsedEnv.error, { schema: envSchema, input: env }));
  const e = parsedEnv.data;
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push({
      field: 'SLACK_SIGNING_SECRET',
      message:
        'is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode); find it under Basic Information in the Slack app',
    });
  }
  const fileConfig = gather(problems, () => parseFile(file));
  if (fileConfig && Object.keys(fileConfig.providers).length === 0) {
    problems.push({
      field: 'providers',
      message: `configure at least one provider (${CLOUD_NAMES.join(', ')}, or a name of your own with cloud:)`,
    });
  }
  const secrets = fileConfig && gather(problems, () => readCredentials(env, fileConfig.providers));
  const redisTarget = gather(problems, () => readRedisTarget(env));
  const error = ConfigError.of(problems);
  if (error || !e || !fileConfig || !secrets) throw error ?? new ConfigError('config', 'is invalid');
  return {
    ...fileConfig,
    slack: {
      ...fileConfig.slack,
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
    },
    port: e.PORT,
    redisUrl: e.REDIS_URL,
    redisTarget,
    secrets: secrets.byProvider,
    maskedSecrets: secrets.masked,
    configPath: file?.path,
  };
}
