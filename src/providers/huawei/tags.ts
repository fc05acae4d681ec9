import { tagCollector, valuedFilter } from '../tags.js';
import type { TagFilter, TagMatches } from '../types.js';
import { LIST_PAGE_LIMIT, type Paging } from './client.js';
import type { HuaweiContext } from './context.js';
import { isMissing, toMachine } from './mapping.js';

/** A guard against a marker that never advances. */
const MAX_PAGES = 1000;

/**
 * ListServersDetails with `tags=key=value` (server-side, paged by marker, 1,000 a
 * page) for the first filter with a value; every other filter, and the match
 * itself (the cloud's is documented as "contains"), is checked here. Filters with
 * no value at all: the cloud documents no key-only match, so the whole listing is
 * read and filtered here. Stops once more than `max` matches are known.
 */
export async function findServersByTags(
  ctx: HuaweiContext,
  filters: readonly TagFilter[],
  max: number,
): Promise<TagMatches> {
  const valued = valuedFilter(filters);
  const fetch = (p: Paging) =>
    valued ? ctx.client.listByTag(`${valued.key}=${valued.value}`, p) : ctx.client.listAll(p);
  const found = tagCollector('huawei', filters, max);
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const paging: Paging =
      marker === undefined ? { limit: LIST_PAGE_LIMIT } : { limit: LIST_PAGE_LIMIT, marker };
    const { servers } = await ctx.retry(() => fetch(paging));
    if (!found.add(servers.filter((d) => !isMissing(d)).map(toMachine))) return found.result(false);
    const last = servers.at(-1)?.id;
    if (servers.length < LIST_PAGE_LIMIT || last === undefined || last === marker) return found.result(true);
    marker = last;
  }
  throw new Error(`server listing did not end after ${MAX_PAGES} pages`);
}
