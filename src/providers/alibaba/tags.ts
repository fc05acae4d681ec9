import { withRetry } from '../retry.js';
import { tagCollector, valuedFilter } from '../tags.js';
import type { TagFilter, TagMatches } from '../types.js';
import type { SaeContext } from './context.js';
import { toMachine } from './mapping.js';
import { listApplicationPages } from './operations.js';

/**
 * ListApplications with `Tags=[{"key","value"}]` (server-side, paged) for the first
 * filter with a value: SAE does not document how several tags combine, so the rest
 * are checked here, as is the match itself. Key-only filters alone: SAE documents
 * no key-only match, so every application of the region is listed and filtered
 * here. Stops once more than `max` matches are known.
 */
export async function findAppsByTags(
  ctx: SaeContext,
  filters: readonly TagFilter[],
  max: number,
): Promise<TagMatches> {
  const valued = valuedFilter(filters);
  const query: Record<string, string> = valued
    ? { Tags: JSON.stringify([{ key: valued.key, value: valued.value }]) }
    : {};
  return withRetry(async () => {
    // A retried listing starts afresh, so no page is counted twice.
    const found = tagCollector('alibaba', filters, max);
    const complete = await listApplicationPages(ctx.client, query, (apps) => found.add(apps.map(toMachine)));
    return found.result(complete);
  }, ctx.retry);
}
