import type { Instance } from '@aws-sdk/client-ec2';
import type { Machine, TargetReport } from '../types.js';

/** An ID as EC2 writes it: `i-` and 8 or 17 lower-case hex digits. */
export const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export const NOT_FOUND = 'InvalidInstanceID.NotFound';

/** The state name; the code's high byte is internal, so the name is what we compare. */
export const stateOf = (i: Instance): string => i.State?.Name ?? 'unknown';

export const nameOf = (i: Instance): string => i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '';

export function toMachine(i: Instance): Machine {
  const status = stateOf(i);
  return { id: i.InstanceId ?? '', name: nameOf(i), status, stopped: status === 'stopped' };
}

/**
 * Where an instance stands (`undefined`: DescribeInstances did not list it).
 * pending counts as running: a stop is still needed, and AWS refuses it until
 * the instance has reached running.
 */
export function toReport(id: string, found: Instance | undefined): TargetReport {
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
    case 'pending':
      return { id, state: 'running', status };
    case 'shutting-down':
    case 'terminated':
      return {
        id,
        state: 'failed',
        status,
        reason: `the instance is ${status}: it is being deleted, not stopped`,
      };
    default:
      // stopping, and any state we do not know: keep watching.
      return { id, state: 'stopping', status };
  }
}
