/**
 * One entry per cloud: its config schema, its credential fields with the
 * vendor's own environment variable names, and the words that also name it.
 * Adding a cloud is adding an entry here (and its provider in the registry).
 */
import { z } from 'zod';
import type { CloudName } from '../domain/types.js';
import { duration, endpoint, id, region, userOrGroupId } from './fields.js';

/** One credential field: the variable read by default, and whether it must be set. */
export interface CredentialField {
  env: string;
  required: boolean;
  /** Masked wherever it could appear (logs); key IDs are not secret. */
  secret: boolean;
  /**
   * Part of a key pair that may be left out as a whole (AWS: the SDK's default
   * chain is used then); one part without the other is an error.
   */
  pairPart?: boolean;
}

const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'must be the NAME of an environment variable (such as HUAWEI_DR_AK), never the secret itself',
  );

/** `credentials`: each field of the cloud mapped to the name of an environment variable. */
const credentialsSchema = (fields: Record<string, CredentialField>) =>
  z.strictObject(Object.fromEntries(Object.keys(fields).map((f) => [f, envName.optional()]))).optional();

/** What every provider entry may carry besides its cloud's own settings. */
const common = <C extends CloudName>(cloud: C) => ({
  cloud: z.literal(cloud).optional(),
  /** Replaces approvals.approvers for this provider's requests. */
  approvers: z
    .array(userOrGroupId)
    .min(1, 'list at least one approver, or leave approvers out to use approvals.approvers')
    .optional(),
});

/** The same, for a cloud that needs credentials. */
const withCredentials = <C extends CloudName>(cloud: C, fields: Record<string, CredentialField>) => ({
  ...common(cloud),
  credentials: credentialsSchema(fields),
});

const HUAWEI_CREDENTIALS = {
  ak: { env: 'HUAWEICLOUD_SDK_AK', required: true, secret: false },
  sk: { env: 'HUAWEICLOUD_SDK_SK', required: true, secret: true },
  securityToken: { env: 'HUAWEICLOUD_SDK_SECURITY_TOKEN', required: false, secret: true },
} as const satisfies Record<string, CredentialField>;

const ALIBABA_CREDENTIALS = {
  accessKeyId: { env: 'ALIBABA_CLOUD_ACCESS_KEY_ID', required: true, secret: false },
  accessKeySecret: { env: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', required: true, secret: true },
  securityToken: { env: 'ALIBABA_CLOUD_SECURITY_TOKEN', required: false, secret: true },
} as const satisfies Record<string, CredentialField>;

const ZENLAYER_CREDENTIALS = {
  accessKeyId: { env: 'ZENLAYERCLOUD_ACCESS_KEY_ID', required: true, secret: false },
  accessKeyPassword: { env: 'ZENLAYERCLOUD_ACCESS_KEY_PASSWORD', required: true, secret: true },
} as const satisfies Record<string, CredentialField>;

/** Optional: without keys, the AWS SDK's default chain (profiles, instance or task roles). */
const AWS_CREDENTIALS = {
  accessKeyId: { env: 'AWS_ACCESS_KEY_ID', required: false, secret: false, pairPart: true },
  secretAccessKey: { env: 'AWS_SECRET_ACCESS_KEY', required: false, secret: true, pairPart: true },
  sessionToken: { env: 'AWS_SESSION_TOKEN', required: false, secret: true },
} as const satisfies Record<string, CredentialField>;

const NO_CREDENTIALS = {} as const satisfies Record<string, CredentialField>;

export const huaweiSchema = z.strictObject({
  ...withCredentials('huawei', HUAWEI_CREDENTIALS),
  region: region('cn-north-4'),
  projectId: z.string().regex(/^[0-9a-f]{32}$/, 'must be the 32-hex project ID of that region'),
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
});

export const alibabaSchema = z.strictObject({
  ...withCredentials('alibaba', ALIBABA_CREDENTIALS),
  region: region('cn-shanghai'),
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
  /** SAE allows 60 calls a minute per account (all SAE APIs together). */
  callsPerMinute: z.number().int().min(1).max(100_000).default(60),
  /** The window callsPerMinute counts over: SAE's minute plus a margin for latency. */
  rateWindow: duration(1000, 600_000).default(61_000),
  /** AppIds per BatchStopApplications call; SAE documents no maximum. */
  batchSize: z.number().int().min(1).max(100).default(20),
});

export const zenlayerSchema = z.strictObject({
  ...withCredentials('zenlayer', ZENLAYER_CREDENTIALS),
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
});

export const awsSchema = z.strictObject({
  ...withCredentials('aws', AWS_CREDENTIALS),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be a region ID such as us-east-1'),
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
  /** Attempts per call under the SDK's standard retry strategy (RequestLimitExceeded is retried with backoff). */
  maxAttempts: z.number().int().min(1).max(10).default(5),
});

const sandboxMachine = z.strictObject({
  id,
  name: z.string().min(1).max(128),
  status: z.enum(['RUNNING', 'STOPPED']).default('RUNNING'),
  /** A machine that refuses to stop, to try the failure path. */
  fails: z.boolean().default(false),
  /** A machine that refuses to start again, to try the failure path of an undo. */
  failsStart: z.boolean().optional(),
  /** Its tags (key → value), for selection by `--tag`. */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
});

export const sandboxSchema = z.strictObject({
  ...common('sandbox'),
  machines: z.array(sandboxMachine).min(1, 'needs at least one machine').max(100_000),
  stopDelay: duration(0, 3_600_000).default(3000),
  /** The stop modes it offers (default SOFT only); [SOFT, HARD] shows the card's choice and HARD's confirm. */
  modes: z
    .array(z.enum(['SOFT', 'HARD']))
    .min(1, 'list SOFT, HARD or both')
    .max(2)
    .refine((m) => new Set(m).size === m.length, 'list each mode once')
    .default(['SOFT']),
});

export const CLOUDS = {
  huawei: { schema: huaweiSchema, credentials: HUAWEI_CREDENTIALS, aliases: ['ecs', 'huaweicloud'] },
  alibaba: { schema: alibabaSchema, credentials: ALIBABA_CREDENTIALS, aliases: ['sae', 'aliyun'] },
  zenlayer: { schema: zenlayerSchema, credentials: ZENLAYER_CREDENTIALS, aliases: ['bmc'] },
  aws: { schema: awsSchema, credentials: AWS_CREDENTIALS, aliases: ['ec2'] },
  sandbox: { schema: sandboxSchema, credentials: NO_CREDENTIALS, aliases: [] },
} as const satisfies Record<
  CloudName,
  { schema: z.ZodType; credentials: Record<string, CredentialField>; aliases: readonly string[] }
>;

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

export const isCloudName = (word: string): word is CloudName => Object.hasOwn(CLOUDS, word);

/** Every alias, pointing at the cloud it names (`ecs` → huawei). */
export const CLOUD_ALIASES: ReadonlyMap<string, CloudName> = new Map(
  CLOUD_NAMES.flatMap((cloud) => CLOUDS[cloud].aliases.map((alias) => [alias, cloud] as const)),
);

export type HuaweiConfig = z.infer<typeof huaweiSchema>;
export type AlibabaConfig = z.infer<typeof alibabaSchema>;
export type ZenlayerConfig = z.infer<typeof zenlayerSchema>;
export type AwsConfig = z.infer<typeof awsSchema>;
export type SandboxConfig = z.infer<typeof sandboxSchema>;

export type CloudConfig<C extends CloudName> = z.infer<(typeof CLOUDS)[C]['schema']>;
/** One configured provider: its cloud's settings, with the cloud always filled in. */
export type ProviderSettings = { [C in CloudName]: CloudConfig<C> & { cloud: C } }[CloudName];
/** The credential field names of a cloud (huawei: ak, sk, securityToken). */
export type CredentialFieldName<C extends CloudName> = keyof (typeof CLOUDS)[C]['credentials'] & string;
