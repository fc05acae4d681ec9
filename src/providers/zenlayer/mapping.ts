import { z } from 'zod';
import { ProviderError } from '../../errors.js';
import type { Machine, Operation, TargetReport } from '../types.js';

/** The DescribeInstances fields we use; the API sends many more. */
const instance = z.object({
  instanceId: z.string().min(1),
  instanceName: z.string().nullish(),
  instanceStatus: z.string().nullish(),
  /** `tags.tags[{key,value}]` (tags.md §3a). */
  tags: z
    .object({ tags: z.array(z.object({ key: z.string(), value: z.string().nullish() })).nullish() })
    .nullish(),
});
const describeResponse = z.object({
  totalCount: z.number().int().nonnegative().nullish(),
  dataSet: z.array(instance).nullish(),
});

export type BmcInstance = z.infer<typeof instance>;

export interface DescribePage {
  totalCount: number;
  instances: BmcInstance[];
}

export function parseDescribe(response: Record<string, unknown>): DescribePage {
  const parsed = describeResponse.safeParse(response);
  if (!parsed.success) {
    throw new ProviderError({
      provider: 'zenlayer',
      providerCode: 'INVALID_RESPONSE',
      message: 'DescribeInstances answered without a readable dataSet',
      retryable: true,
    });
  }
  const instances = parsed.data.dataSet ?? [];
  return { totalCount: parsed.data.totalCount ?? instances.length, instances };
}

export const statusOf = (i: BmcInstance): string => i.instanceStatus ?? 'UNKNOWN';

export function toMachine(i: BmcInstance): Machine {
  const status = statusOf(i);
  const m: Machine = { id: i.instanceId, name: i.instanceName ?? '', status, stopped: status === 'STOPPED' };
  const tags = i.tags?.tags;
  if (tags) m.tags = Object.fromEntries(tags.map((t) => [t.key, t.value ?? '']));
  return m;
}

export const NOT_FOUND = 'INVALID_INSTANCE_NOT_FOUND';

/**
 * Statuses that will never become STOPPED by waiting, with the reason shown to people.
 * BOOTING counts here: the bot asked for one stop; a machine powering on again
 * was started by someone, and stopping it again needs a new request.
 */
const FAILED_BECAUSE: Record<string, string> = {
  BOOTING: 'powering on again (BOOTING): someone started it; not stopping it again without a new request',
  RECYCLE: 'in the recycle bin (RECYCLE), not running',
  RECYCLING: 'being moved to the recycle bin (RECYCLING)',
  CREATE_FAILED: 'creation failed (CREATE_FAILED), not running',
  INSTALL_FAILED: 'OS install failed (INSTALL_FAILED), not running',
  PENDING: 'not created yet (PENDING), nothing to stop',
  CREATING: 'still being created (CREATING), cannot be stopped yet',
  INSTALLING: 'OS being installed (INSTALLING), cannot be stopped yet',
};

/**
 * Where a machine stands, read from DescribeInstances (`undefined`: it was not listed).
 * `op` is what is being tracked: while a stop is, BOOTING is a failure (someone
 * started it); while a start is, or for a plain status read ('status'), it is `starting`.
 */
export function toReport(
  id: string,
  found: BmcInstance | undefined,
  op: Operation | 'status' = 'stop',
): TargetReport {
  if (!found)
    return {
      id,
      state: 'failed',
      code: NOT_FOUND,
      reason: 'instance not found (not listed by DescribeInstances)',
    };
  const status = statusOf(found);
  if (status === 'STOPPED') return { id, state: 'stopped', status };
  if (status === 'BOOTING' && op !== 'stop') return { id, state: 'starting', status };
  const reason = FAILED_BECAUSE[status];
  if (reason) return { id, state: 'failed', status, reason: `instance is ${reason}` };
  if (status === 'RUNNING') return { id, state: 'running', status };
  if (op === 'start' && status === 'STOPPING') {
    // A start only goes to STOPPED machines: one going down was not started (or was stopped again).
    const why = 'going down (STOPPING): not started; start it again once it is STOPPED';
    return { id, state: 'failed', status, reason: `instance is ${why}` };
  }
  // STOPPING (for a stop), and any status we do not know: keep watching.
  if (op === 'start') return { id, state: 'starting', status };
  return { id, state: 'stopping', status };
}
