import type { Filter } from '@aws-sdk/client-ec2';
import { tagCollector } from '../tags.js';
import type { TagFilter, TagMatches } from '../types.js';
import type { Ec2Calls } from './client.js';
import { literal, PAGE_SIZE } from './describe.js';
import { stateOf, toMachine } from './mapping.js';

/**
 * The server-side filters for a tag selection: `tag:<key>` = value (exact:
 * wildcards escaped), or `tag-key` = key for any value. EC2 AND-s separate filters.
 */
export const tagFilters = (filters: readonly TagFilter[]): Filter[] =>
  filters.map((t) =>
    t.value === undefined
      ? { Name: 'tag-key', Values: [literal(t.key)] }
      : { Name: `tag:${t.key}`, Values: [literal(t.value)] },
  );

/**
 * Every instance carrying all these tags, filtered by EC2 and paged (`pageSize`
 * per call, 5 … 1000), re-checked here exactly; stops paging once more than
 * `max` are known. Terminated instances are left out.
 */
export async function findInstancesByTags(
  calls: Ec2Calls,
  filters: readonly TagFilter[],
  max: number,
  pageSize = PAGE_SIZE,
): Promise<TagMatches> {
  const found = tagCollector('aws', filters, max);
  const size = Math.min(1000, Math.max(5, Math.floor(pageSize)));
  const query = tagFilters(filters);
  let token: string | undefined;
  do {
    const page = await calls.describe({ Filters: query, MaxResults: size, NextToken: token });
    const instances = (page.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    const live = instances.filter((i) => stateOf(i) !== 'terminated').map(toMachine);
    token = page.NextToken || undefined;
    if (!found.add(live)) return found.result(false);
  } while (token);
  return found.result(true);
}
