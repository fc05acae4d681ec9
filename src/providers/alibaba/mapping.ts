import { z } from 'zod';
import { ProviderError } from '../../errors.js';
import type { Machine, TargetReport } from '../types.js';

/** Shapes of SAE's `Data` for the calls we make (spec §2), read leniently. */

const count = z.coerce.number().int().nonnegative();
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const appSummarySchema = z.object({
  AppId: z.string().min(1),
  AppName: z.string(),
  NamespaceId: z.string().min(1),
  RunningInstances: count.default(0),
  /** Echoed with capitalised `Key`/`Value` (tags.md §2a). */
  Tags: z
    .array(z.object({ Key: z.string(), Value: z.string().nullish() }))
    .nullish()
    .transform((v) => v ?? undefined),
});
export type AppSummary = z.infer<typeof appSummarySchema>;

export const listPageSchema = z.object({
  TotalSize: count.optional(),
  Applications: z
    .array(appSummarySchema)
    .nullish()
    .transform((v) => v ?? []),
});

export const changeOrderIdSchema = z.object({ ChangeOrderId: z.string().min(1) });

export const changeOrderSchema = z.object({
  ChangeOrderId: z.string().min(1),
  Status: z.coerce.number().int(),
  SubStatus: z.coerce.number().int().default(0),
  ErrorMessage: z.string().nullish(),
  CoTypeCode: z.string().nullish(),
});
export type ChangeOrder = z.infer<typeof changeOrderSchema>;

export const appStatusSchema = z.object({
  CurrentStatus: z.string(),
  RunningInstances: count.default(0),
  LastChangeOrderId: z.string().nullish(),
  LastChangeOrderRunning: flag.default(false),
  LastChangeOrderStatus: z.string().nullish(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

/** Reads `Data` with a schema; a reply of the wrong shape is an error, not a guess. */
export function readData<S extends z.ZodType>(operation: string, schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join('.') || 'Data';
  throw new ProviderError({
    provider: 'alibaba',
    providerCode: 'InvalidResponse',
    message: `SAE ${operation} failed: unexpected reply (${where})`,
    retryable: false,
  });
}

/** Change order Status → the string twin SAE uses in LastChangeOrderStatus. */
const ORDER_WORDS: Record<number, string> = {
  0: 'READY',
  1: 'RUNNING',
  2: 'SUCCESS',
  3: 'FAIL',
  6: 'ABORT',
  8: 'WAIT_BATCH_CONFIRM',
  9: 'AUTO_BATCH_WAIT',
  10: 'SYSTEM_FAIL',
  11: 'WAIT_APPROVAL',
  12: 'APPROVED',
};

export const orderWord = (status: number): string => ORDER_WORDS[status] ?? `STATUS_${status}`;

export type OrderOutcome = 'succeeded' | 'failed' | 'needs-human' | 'stuck' | 'pending';

/** What the bot makes of a change order (spec §2.3 table). Unknown statuses stay pending. */
export function orderOutcome(order: ChangeOrder): OrderOutcome {
  if (order.Status === 2) return 'succeeded';
  if (order.Status === 3 || order.Status === 6 || order.Status === 10) return 'failed';
  if (order.Status === 8 || order.Status === 11) return 'needs-human';
  if (order.Status === 1 && order.SubStatus === 1) return 'stuck';
  return 'pending';
}

export const HUMAN_WAIT_REASON = 'waiting for a human in the SAE console (batch confirmation/approval)';
export const STUCK_REASON = 'stuck: needs manual rollback';

/** Stopped per spec §5.4: STOPPED, no running instance, no change order in flight. */
export const isAppStopped = (s: AppStatus): boolean =>
  s.CurrentStatus === 'STOPPED' && s.RunningInstances === 0 && !s.LastChangeOrderRunning;

/** Started: RUNNING with no change order in flight (start.md §0; the exact test is not confirmed). */
export const isAppRunning = (s: AppStatus): boolean =>
  s.CurrentStatus === 'RUNNING' && !s.LastChangeOrderRunning;

/**
 * A change order in flight on an app still STOPPED is taken for a start (SAE shows
 * the old status until the order ends); on any other, for a stop.
 */
export const movingState = (s: AppStatus): 'starting' | 'stopping' =>
  s.CurrentStatus === 'STOPPED' ? 'starting' : 'stopping';

export function appStatusWord(s: AppStatus): string {
  if (isAppStopped(s)) return 'STOPPED';
  return s.LastChangeOrderRunning ? `${s.CurrentStatus} (change order running)` : s.CurrentStatus;
}

/**
 * From ListApplications, which has no CurrentStatus: an app with no running
 * instance counts as stopped. This saves one DescribeApplicationStatus per app.
 */
export function toMachine(app: AppSummary): Machine {
  const stopped = app.RunningInstances === 0;
  const m: Machine = {
    id: app.AppId,
    name: app.AppName,
    status: stopped ? 'STOPPED' : 'RUNNING',
    stopped,
    group: app.NamespaceId,
  };
  if (app.Tags) m.tags = Object.fromEntries(app.Tags.map((t) => [t.Key, t.Value ?? '']));
  return m;
}

export const failedReport = (id: string, err: ProviderError): TargetReport => ({
  id,
  state: 'failed',
  reason: err.describe(),
  code: err.providerCode,
});
