import { isProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { ZenlayerClient } from './client.js';
import { type BmcInstance, parseDescribe } from './mapping.js';

/** DescribeInstances takes at most 100 instanceIds and returns at most 1000 per page. */
export const IDS_PER_DESCRIBE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Describe calls in flight at once. */
export const DESCRIBE_CONCURRENCY = 4;

/** An error that may mean one of the IDs was unacceptable rather than the call as a whole. */
const refusesAnId = (err: unknown): boolean =>
  isProviderError(err) && !err.retryable && /INSTANCE|RESOURCE_NOT_FOUND/.test(err.providerCode);

/**
 * One DescribeInstances by ID (≤ 100). An ID missing from dataSet means not found.
 * Should the API refuse the whole list over one unknown ID instead, the list is
 * split until the culprit is alone (and then counted as not found).
 */
async function describeChunk(
  client: ZenlayerClient,
  ids: string[],
  into: Map<string, BmcInstance>,
): Promise<void> {
  try {
    const res = await client.call('DescribeInstances', {
      instanceIds: ids,
      pageNum: 1,
      pageSize: IDS_PER_DESCRIBE,
    });
    const wanted = new Set(ids);
    for (const i of parseDescribe(res).instances) if (wanted.has(i.instanceId)) into.set(i.instanceId, i);
  } catch (err) {
    if (!refusesAnId(err)) throw err;
    if (ids.length === 1) return;
    const half = Math.ceil(ids.length / 2);
    await describeChunk(client, ids.slice(0, half), into);
    await describeChunk(client, ids.slice(half), into);
  }
}

/** The instances with these IDs, keyed by ID; absent IDs were not found. */
export async function describeIds(
  client: ZenlayerClient,
  ids: readonly string[],
): Promise<Map<string, BmcInstance>> {
  const found = new Map<string, BmcInstance>();
  const unique = [...new Set(ids)];
  await mapLimit(chunk(unique, IDS_PER_DESCRIBE), DESCRIBE_CONCURRENCY, (part) =>
    describeChunk(client, part, found),
  );
  return found;
}

/** Every page of a DescribeInstances query. */
export async function describeAllPages(
  client: ZenlayerClient,
  filter: Record<string, unknown> = {},
): Promise<BmcInstance[]> {
  const all: BmcInstance[] = [];
  for (let pageNum = 1; ; pageNum++) {
    const res = await client.call('DescribeInstances', { ...filter, pageNum, pageSize: MAX_PAGE_SIZE });
    const page = parseDescribe(res);
    all.push(...page.instances);
    if (page.instances.length < MAX_PAGE_SIZE || all.length >= page.totalCount) return all;
  }
}

/** Instances whose name is exactly `name` (the API's own match is fuzzy for a trailing `*`). */
export async function describeByName(client: ZenlayerClient, name: string): Promise<BmcInstance[]> {
  const listed = await describeAllPages(client, { instanceName: name });
  return listed.filter((i) => i.instanceName === name);
}
