import { z } from 'zod';
import { parseDuration, writeDuration } from './duration.js';

/** A duration written as text ("5s", "15m") or a number of milliseconds; limits shown as people write them. */
const duration = (min: number, max: number) =>
  z.unknown().transform((value, ctx) => {
    const ms =
      typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || !Number.isFinite(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a duration; write e.g. 500ms, 5s, 15m or 1h`,
      });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be between ${writeDuration(min)} and ${writeDuration(max)} (got ${writeDuration(ms)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

const userOrGroupId = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…/W…) or user-group ID (S…)');
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID such as C0123ABCD');
const endpoint = z
  .string()
  .url('must be a URL such as https://host:port')
  .refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), 'must be scheme, host and port only, with no path')
  .transform((u) => u.replace(/\/$/, ''));
const id = z.string().min(1).max(128);

export const huaweiSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region ID such as cn-north-4'),
  projectId: z.string().regex(/^[0-9a-f]{32}$/, 'must be the 32-hex project ID of that region'),
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
});

export const alibabaSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region ID such as cn-shanghai'),
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
  /** SAE allows 60 calls a minute per account (all SAE APIs together). */
  callsPerMinute: z.number().int().min(1).max(100_000).default(60),
  /** AppIds per BatchStopApplications call; SAE documents no maximum. */
  batchSize: z.number().int().min(1).max(100).default(20),
});

export const zenlayerSchema = z.strictObject({
  endpoint: endpoint.optional(),
  timeout: duration(100, 120_000).default(15_000),
});

const sandboxMachine = z.strictObject({
  id,
  name: z.string().min(1).max(128),
  status: z.enum(['RUNNING', 'STOPPED']).default('RUNNING'),
  /** A machine that refuses to stop, to try the failure path. */
  fails: z.boolean().default(false),
});

export const sandboxSchema = z.strictObject({
  machines: z.array(sandboxMachine).min(1, 'needs at least one machine').max(100_000),
  stopDelay: duration(0, 3_600_000).default(3000),
});

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
  providers: z
    .strictObject({
      huawei: huaweiSchema.optional(),
      alibaba: alibabaSchema.optional(),
      zenlayer: zenlayerSchema.optional(),
      sandbox: sandboxSchema.optional(),
    })
    .default({}),
  tracking: z
    .strictObject({
      pollInterval: duration(50, 600_000).default(5000),
      timeout: duration(1000, 86_400_000).default(15 * 60_000),
    })
    .default({ pollInterval: 5000, timeout: 15 * 60_000 }),
  limits: z
    .strictObject({
      maxTargets: z.number().int().min(1).max(100_000).default(5000),
    })
    .default({ maxTargets: 5000 }),
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
    })
    .default({ lockDuration: 30_000, stalledInterval: 30_000, reconcileEvery: 60_000 }),
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
export type HuaweiConfig = z.infer<typeof huaweiSchema>;
export type AlibabaConfig = z.infer<typeof alibabaSchema>;
export type ZenlayerConfig = z.infer<typeof zenlayerSchema>;
export type SandboxConfig = z.infer<typeof sandboxSchema>;
