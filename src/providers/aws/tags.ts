import type { Instance } from '@aws-sdk/client-ec2';
import type { Machine } from '../types.js';
import type { Ec2Calls } from './client.js';
import { describePages, literal } from './describe.js';
import { stateOf, toMachine } from './mapping.js';

/** One `--tag`: `key=value`, or `key` alone for any value. */
export interface AwsTagFilter {
  key: string;
  value?: string;
}

/**
 * Every instance carrying all these tags, filtered server-side and paged:
 * `tag:<key>` = value (exact: wildcards escaped), or `tag-key` = key for any
 * value. Separate filters are AND-ed by EC2. Terminated instances are left out.
 */
export async function describeByTags(calls: Ec2Calls, tags: readonly AwsTagFilter[]): Promise<Instance[]> {
  if (tags.length === 0) return [];
  const filters = tags.map((t) =>
    t.value === undefined
      ? { Name: 'tag-key', Values: [literal(t.key)] }
      : { Name: `tag:${t.key}`, Values: [literal(t.value)] },
  );
  const found = await describePages(calls, filters);
  return found.filter((i) => stateOf(i) !== 'terminated');
}

export async function machinesByTags(calls: Ec2Calls, tags: readonly AwsTagFilter[]): Promise<Machine[]> {
  return (await describeByTags(calls, tags)).map(toMachine);
}
