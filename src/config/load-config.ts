import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { describeIssues } from './describe-issues.js';
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

/** Each cloud's two credential variables, both required once the cloud is configured. */
const CREDENTIAL_ENV = {
  huawei: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
  alibaba: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  zenlayer: ['ZENLAYERCLOUD_ACCESS_KEY_ID', 'ZENLAYERCLOUD_ACCESS_KEY_PASSWORD'],
} as const;

function pair(env: Record<string, string>, provider: keyof typeof CREDENTIAL_ENV): [string, string] {
  const missing = CREDENTIAL_ENV[provider]
    .filter((name) => !env[name])
    .map((field) => ({ field, message: `is required because providers.${provider} is configured` }));
  const error = ConfigError.of(missing);
  if (error) throw error;
  const [a, b] = CREDENTIAL_ENV[provider];
  return [env[a] ?? '', env[b] ?? ''];
}

function readSecrets(env: Record<string, string>, file: FileConfig): Secrets {
  const secrets: Secrets = {};
  const problems: ConfigProblem[] = [];
  if (file.providers.huawei) {
    const found = gather(problems, () => pair(env, 'huawei'));
    if (found) secrets.huawei = { ak: found[0], sk: found[1] };
  }
  if (file.providers.alibaba) {
    const found = gather(problems, () => pair(env, 'alibaba'));
    if (found) secrets.alibaba = { accessKeyId: found[0], accessKeySecret: found[1] };
  }
  if (file.providers.zenlayer) {
    const found = gather(problems, () => pair(env, 'zenlayer'));
    if (found) secrets.zenlayer = { accessKeyId: found[0], accessKeyPassword: found[1] };
  }
  const error = ConfigError.of(problems);
  if (error) throw error;
  return secrets;
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
  if (fileConfig) {
    const { huawei, alibaba, zenlayer, sandbox } = fileConfig.providers;
    if (!huawei && !alibaba && !zenlayer && !sandbox) {
      problems.push({
        field: 'providers',
        message: 'configure at least one of huawei, alibaba, zenlayer or sandbox',
      });
    }
  }
  const secrets = fileConfig && gather(problems, () => readSecrets(env, fileConfig));
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
    secrets,
    configPath: file?.path,
  };
}
