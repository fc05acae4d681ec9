import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { type RedisTarget, readRedisTarget } from './redis-env.js';
import { type FileConfig, fileSchema } from './schema.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Secrets {
  huawei?: { ak: string; sk: string };
  alibaba?: { accessKeyId: string; accessKeySecret: string };
  zenlayer?: { accessKeyId: string; accessKeyPassword: string };
}

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

function firstIssue(error: z.ZodError, prefix: string): ConfigError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = [prefix, path].filter(Boolean).join('.') || prefix || 'config';
  let message = issue?.message ?? 'is invalid';
  if (issue?.code === 'unrecognized_keys') {
    return new ConfigError(
      [field, issue.keys[0]].filter(Boolean).join('.'),
      'is not a known key; check its spelling against the config reference in the README',
    );
  }
  if (issue?.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
  return new ConfigError(field, message);
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
  if (!parsed.success) throw firstIssue(parsed.error, '');
  return parsed.data;
}

/** Each cloud's two credential variables, both required once the cloud is configured. */
const CREDENTIAL_ENV = {
  huawei: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
  alibaba: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  zenlayer: ['ZENLAYERCLOUD_ACCESS_KEY_ID', 'ZENLAYERCLOUD_ACCESS_KEY_PASSWORD'],
} as const;

function pair(env: Record<string, string>, provider: keyof typeof CREDENTIAL_ENV): [string, string] {
  const [a, b] = CREDENTIAL_ENV[provider];
  const x = env[a];
  const y = env[b];
  if (!x) throw new ConfigError(a, `is required because providers.${provider} is configured`);
  if (!y) throw new ConfigError(b, `is required because providers.${provider} is configured`);
  return [x, y];
}

function readSecrets(env: Record<string, string>, file: FileConfig): Secrets {
  const secrets: Secrets = {};
  if (file.providers.huawei) {
    const [ak, sk] = pair(env, 'huawei');
    secrets.huawei = { ak, sk };
  }
  if (file.providers.alibaba) {
    const [accessKeyId, accessKeySecret] = pair(env, 'alibaba');
    secrets.alibaba = { accessKeyId, accessKeySecret };
  }
  if (file.providers.zenlayer) {
    const [accessKeyId, accessKeyPassword] = pair(env, 'zenlayer');
    secrets.zenlayer = { accessKeyId, accessKeyPassword };
  }
  return secrets;
}

/**
 * Read the whole configuration once, at startup. Throws ConfigError naming
 * the first wrong field and how to fix it.
 */
export function loadConfig(rawEnv: Env, file: ConfigFile | undefined): Config {
  const env = cleanEnv(rawEnv);
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) throw firstIssue(parsedEnv.error, '');
  const e = parsedEnv.data;
  const fileConfig = parseFile(file);
  const mode = e.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode); find it under Basic Information in the Slack app',
    );
  }
  const { huawei, alibaba, zenlayer, sandbox } = fileConfig.providers;
  if (!huawei && !alibaba && !zenlayer && !sandbox) {
    throw new ConfigError('providers', 'configure at least one of huawei, alibaba, zenlayer or sandbox');
  }
  return {
    ...fileConfig,
    slack: {
      ...fileConfig.slack,
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      mode,
    },
    port: e.PORT,
    redisUrl: e.REDIS_URL,
    redisTarget: readRedisTarget({
      REDIS_URL: e.REDIS_URL,
      REDIS_SENTINELS: e.REDIS_SENTINELS,
      REDIS_SENTINEL_NAME: e.REDIS_SENTINEL_NAME,
    }),
    secrets: readSecrets(env, fileConfig),
    configPath: file?.path,
  };
}
