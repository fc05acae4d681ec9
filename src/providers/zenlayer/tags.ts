import { tagCollector } from '../tags.js';
import type { TagFilter, TagMatches } from '../types.js';
import type { ZenlayerClient } from './client.js';
import { MAX_PAGE_SIZE } from './describe.js';
import { parseDescribe, toMachine } from './mapping.js';

/** DescribeInstances takes at most 20 `tags` pairs and 20 `tagKeys`. */
const MAX_TAG_FILTERS = 20;

/**
 * DescribeInstances filtered by the cloud: `tags` [{key,value}] for filters with a
 * value, `tagKeys` for key-only ones (how they combine is not documented, so every
 * match is re-checked here), 1,000 a page. Stops once more than `max` are known.
 */
export async function findInstancesByTags(
  client: ZenlayerClient,
  filters: readonly TagFilter[],
  max: number,
): Promise<TagMatches> {
  const found = tagCollector('zenlayer', filters, max);
  const pairs = filters.flatMap((f) => (f.value === undefined ? [] : [{ key: f.key, value: f.value }]));
  const keys = filters.flatMap((f) => (f.value === undefined ? [f.key] : []));
  const query: Record<string, unknown> = {};
  if (pairs.length > 0) query['tags'] = pairs.slice(0, MAX_TAG_FILTERS);
  if (keys.length > 0) query['tagKeys'] = keys.slice(0, MAX_TAG_FILTERS);
  let listed = 0;
  for (let pageNum = 1; ; pageNum++) {
    const res = await client.call('DescribeInstances', { ...query, pageNum, pageSize: MAX_PAGE_SIZE });
    const page = parseDescribe(res);
    listed += page.instances.length;
    if (!found.add(page.instances.map(toMachine))) return found.result(false);
    if (page.instances.length < MAX_PAGE_SIZE || listed >= page.totalCount) return found.result(true);
  }
}
