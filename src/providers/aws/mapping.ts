import type { Instance } from '@aws-sdk/client-ec2';
import type { Machine, Operation, TargetReport } from '../types.js';

/** An ID as EC2 writes it: `i-` and 8 or 17 lower-case hex digits. */
export const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export const NOT_FOUND = 'InvalidInstanceID.NotFound';

/** The state name; the code's high byte is internal, so the name is what we compare. */
export const stateOf = (i: Instance): string => i.State?.Name ?? 'unknown';

export const nameOf = (i: Instance): string => i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '';

/** The instance's tags (Name included) as EC2 stores them. */
export const tagsOf = (i: Instance): Record<string, string> =>
  Object.fromEntries((i.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

export function toMachine(i: Instance): Machine {
  const status = stateOf(i);
  return { id: i.InstanceId ?? '', name: nameOf(i), status, stopped: status === 'stopped', tags: tagsOf(i) };
}

/**
 * Where an instance stands (`undefined`: DescribeInstances did not list it), for
 * what is being followed: while a stop is, pending counts as running (a stop is
 * still needed, and AWS refuses it until the instance has reached running);
 * while a start is, or for a plain status read ('status'), it is `starting`.
 * While a start is, `stopping` is a failure: a start only goes to stopped instances.
 */
export function toReport(
  id: string,
  found: Instance | undefined,
  op: Operation | 'status' = 'stop',
): TargetReport {
  if (!found) {
    return {
      id,
      state: 'failed',
      code: NOT_FOUND,
      reason: `no instance ${id} in this region (DescribeInstances does not list it)`,
    };
  }
  const status = stateOf(found);
  switch (status) {
    case 'stopped':
      return { id, state: 'stopped', status };
    case 'running':
      return { id, state: 'running', status };
    case 'pending':
      return { id, state: op === 'stop' ? 'running' : 'starting', status };
    case 'shutting-down':
    case 'terminated':
      return {
        id,
        state: 'failed',
        status,
        reason: `the instance is ${status}: it is being deleted, not ${op === 'start' ? 'started' : 'stopped'}`,
      };
    case 'stopping':
      if (op !== 'start') return { id, state: 'stopping', status };
      return {
        id,
        state: 'failed',
        status,
        reason: 'the instance is going down (stopping): not started; start it again once it is stopped',
      };
    default:
      // Any state we do not know: keep watching.
      return { id, state: op === 'start' ? 'starting' : 'stopping', status };
  }
}
