import type { Filter, Instance } from '@aws-sdk/client-ec2';
import { chunk } from '../../lib/chunk.js';
import type { Ec2Calls } from './client.js';

/** Values per filter (EC2 caps them) and instances per page. */
export const VALUES_PER_FILTER = 200;
export const PAGE_SIZE = 1000;

/** EC2 filter values take `*` and `?` as wildcards; a backslash makes them literal. */
export const literal = (s: string): string => s.replace(/[\\*?]/g, (c) => `\\${c}`);

/**
 * Every page of one filtered DescribeInstances. Filters (not InstanceIds) so
 * that an unknown ID is just absent instead of failing the whole call, and so
 * that MaxResults may be given: unfiltered, unpaged calls draw on a smaller
 * throttling bucket.
 */
export async function describePages(calls: Ec2Calls, filters: Filter[]): Promise<Instance[]> {
  const all: Instance[] = [];
  let token: string | undefined;
  do {
    const page = await calls.describe({ Filters: filters, MaxResults: PAGE_SIZE, NextToken: token });
    for (const r of page.Reservations ?? []) all.push(...(r.Instances ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return all;
}

/** Instances matching any of `values` for the filter `name`, in calls of ≤ 200 values. */
async function describeBy(calls: Ec2Calls, name: string, values: readonly string[]): Promise<Instance[]> {
  const all: Instance[] = [];
  for (const part of chunk([...new Set(values)], VALUES_PER_FILTER)) {
    all.push(...(await describePages(calls, [{ Name: name, Values: part }])));
  }
  return all;
}

/** The instances with these IDs, keyed by ID; absent IDs were not found. */
export async function describeIds(calls: Ec2Calls, ids: readonly string[]): Promise<Map<string, Instance>> {
  const wanted = new Set(ids);
  const found = new Map<string, Instance>();
  for (const i of await describeBy(calls, 'instance-id', ids)) {
    if (i.InstanceId && wanted.has(i.InstanceId)) found.set(i.InstanceId, i);
  }
  return found;
}

/** Instances whose Name tag is exactly one of `names`. */
export async function describeNames(calls: Ec2Calls, names: readonly string[]): Promise<Instance[]> {
  return names.length === 0 ? [] : describeBy(calls, 'tag:Name', names.map(literal));
}
