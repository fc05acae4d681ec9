import { z } from 'zod';
import { channelId, duration, userOrGroupId } from './fields.js';
import { providersSchema } from './providers-schema.js';

export {
  type AlibabaConfig,
  type AwsConfig,
  alibabaSchema,
  awsSchema,
  type HuaweiConfig,
  huaweiSchema,
  type ProviderSettings,
  type SandboxConfig,
  sandboxSchema,
  type ZenlayerConfig,
  zenlayerSchema,
} from './clouds.js';

export const fileSchema = z.strictObject({
  incidentChannel: channelId.optional(),
  approvals: z.strictObject({
    approvers: z.array(userOrGroupId).min(1, 'list at least one approver (user ID or user-group ID)'),
    selfApproval: z.boolean().default(false),
    expiresIn: duration(1000, 7 * 86_400_000).default(15 * 60_000),
    /** How long user-group membership is cached (it is re-read at click time after this). */
    groupCacheTtl: duration(0, 3_600_000).default(30_000),
    /** `dm`: each approver listed by user ID gets a direct message linking the card. */
    notify: z.enum(['none', 'dm']).default('none'),
  }),
  requesters: z
    .array(userOrGroupId)
    .min(1, 'leave requesters out to allow anyone, or list at least one')
    .optional(),
  channels: z
    .array(channelId)
    .min(1, 'leave channels out to allow any channel, or list at least one')
    .optional(),
  /** Every key is a provider name; see providers-schema.ts. */
  providers: providersSchema.default({}),
  tracking: z
    .strictObject({
      pollInterval: duration(50, 600_000).default(5000),
      timeout: duration(1000, 86_400_000).default(15 * 60_000),
    })
    .default({ pollInterval: 5000, timeout: 15 * 60_000 }),
  limits: z
    .strictObject({
      maxTargets: z.number().int().min(1).max(100_000).default(5000),
      /** Most machines a `--tag` selection may match; more is refused with the count. */
      maxTagMatches: z.number().int().min(1).max(100_000).default(500),
    })
    .default({ maxTargets: 5000, maxTagMatches: 500 }),
  slack: z
    .strictObject({
      /** Minimum time between two edits of the progress message. */
      progressEvery: duration(0, 600_000).default(2000),
      timeout: duration(100, 120_000).default(10_000),
      retries: z.number().int().min(0).max(10).default(3),
    })
    .default({ progressEvery: 2000, timeout: 10_000, retries: 3 }),
  redis: z
    .strictObject({
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only')
        .default('stopbot'),
    })
    .default({ prefix: 'stopbot' }),
  /** Durable jobs (BullMQ, only with REDIS_URL) and the reconciler that re-drives lost work. */
  jobs: z
    .strictObject({
      /** A running job's lock; a replica that dies holds its jobs this long before another takes them. */
      lockDuration: duration(500, 600_000).default(30_000),
      /** How often each replica looks for jobs whose replica died. */
      stalledInterval: duration(500, 600_000).default(30_000),
      /** How often each replica re-checks approved requests for a lost stop or tracking job. */
      reconcileEvery: duration(100, 3_600_000).default(60_000),
      /** How long a replica holds the claim to post a summary; one that dies leaves it to another after this. */
      summaryLease: duration(500, 600_000).default(30_000),
    })
    .default({ lockDuration: 30_000, stalledInterval: 30_000, reconcileEvery: 60_000, summaryLease: 30_000 }),
  /** The audit trail (with REDIS_URL): how long a request and its trail are kept after their last change. */
  audit: z
    .strictObject({ retention: duration(3_600_000, 400 * 86_400_000).default(30 * 86_400_000) })
    .default({ retention: 30 * 86_400_000 }),
  log: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    })
    .default({ level: 'info' }),
});

export type FileConfig = z.infer<typeof fileSchema>;
