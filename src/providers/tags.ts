import { ProviderError } from '../errors.js';
import type { Machine, TagFilter, TagMatches } from './types.js';

/** Does a machine's tag map carry every filter (key=value exactly, or the key with any value)? */
export function matchesTags(
  tags: Readonly<Record<string, string>> | undefined,
  filters: readonly TagFilter[],
) {
  if (!tags) return false;
  return filters.every(
    (f) => Object.hasOwn(tags, f.key) && (f.value === undefined || tags[f.key] === f.value),
  );
}

/** The filter a cloud's server-side match is asked for: the first with a value (the most selective). */
export const valuedFilter = (filters: readonly TagFilter[]): (TagFilter & { value: string }) | undefined =>
  filters.find((f): f is TagFilter & { value: string } => f.value !== undefined);

/** A plain refusal naming the cloud: it has no tags to select by. */
export function tagsUnsupported(provider: string): ProviderError {
  return new ProviderError({
    provider,
    providerCode: 'TagsUnsupported',
    message: `${provider} has no tags to select machines by; list the machines instead`,
    retryable: false,
  });
}

export function noFilters(provider: string): ProviderError {
  return new ProviderError({
    provider,
    providerCode: 'TagsEmpty',
    message: 'a tag selection needs at least one tag',
    retryable: false,
  });
}

/**
 * Collects matches page by page (refusing an empty filter list, which would match all): `add` re-checks each listed machine against the
 * filters and answers false once more than `max` are known (stop listing).
 */
export function tagCollector(provider: string, filters: readonly TagFilter[], max: number) {
  if (filters.length === 0) throw noFilters(provider);
  const seen = new Map<string, Machine>();
  return {
    add(page: readonly Machine[]): boolean {
      for (const m of page) if (matchesTags(m.tags, filters)) seen.set(m.id, m);
      return seen.size <= max;
    },
    result(exact: boolean): TagMatches {
      const machines = [...seen.values()];
      return { machines, total: machines.length, exact: exact || machines.length <= max };
    },
  };
}
