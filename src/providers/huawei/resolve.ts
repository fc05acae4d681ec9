import { mapLimit } from '../../lib/map-limit.js';
import type { AmbiguousRef, Machine, ResolveResult } from '../types.js';
import { LIST_PAGE_LIMIT, type Paging } from './client.js';
import { type HuaweiContext, READ_CONCURRENCY, readDetails } from './context.js';
import { isMissing, toMachine } from './mapping.js';
import type { ServerDetail, ServerPage } from './wire.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Above this many names, one full listing is cheaper than a (fuzzy) name query each. */
export const NAME_QUERY_LIMIT = 10;
/** A guard against a marker that never advances: 1,000 pages of 1,000 servers. */
const MAX_PAGES = 1000;

export const isServerId = (ref: string): boolean => UUID.test(ref);

/** Every page of a listing, following `marker` (the last ID of the previous page). */
export async function listEvery(
  ctx: HuaweiContext,
  fetch: (paging: Paging) => Promise<ServerPage>,
): Promise<ServerDetail[]> {
  const out: ServerDetail[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const paging: Paging =
      marker === undefined ? { limit: LIST_PAGE_LIMIT } : { limit: LIST_PAGE_LIMIT, marker };
    const { servers } = await ctx.retry(() => fetch(paging));
    out.push(...servers);
    const last = servers.at(-1)?.id;
    if (servers.length < LIST_PAGE_LIMIT || last === undefined || last === marker) return out;
    marker = last;
  }
  throw new Error(`server listing did not end after ${MAX_PAGES} pages`);
}

/** Exact-name matches. ECS's `name` filter is fuzzy (a substring), so results are filtered here. */
async function findByNames(
  ctx: HuaweiContext,
  names: readonly string[],
): Promise<Map<string, ServerDetail[]>> {
  const wanted = new Set(names);
  // Fuzzy queries overlap ("web" also returns "old-web"): one entry per server ID.
  const hits = new Map<string, ServerDetail>();
  const keep = (d: ServerDetail) => {
    if (d.name !== null && wanted.has(d.name) && !isMissing(d)) hits.set(d.id, d);
  };
  if (names.length > NAME_QUERY_LIMIT) {
    for (const d of await listEvery(ctx, (p) => ctx.client.listAll(p))) keep(d);
  } else {
    const lists = await mapLimit(names, READ_CONCURRENCY, (name) =>
      listEvery(ctx, (p) => ctx.client.listByName(name, p)),
    );
    for (const d of lists.flat()) keep(d);
  }
  const byName = new Map<string, ServerDetail[]>(names.map((n) => [n, []]));
  for (const d of hits.values()) if (d.name !== null) byName.get(d.name)?.push(d);
  return byName;
}

export async function resolveRefs(ctx: HuaweiContext, refs: readonly string[]): Promise<ResolveResult> {
  const unique = [...new Set(refs.map((r) => r.trim()).filter((r) => r !== ''))];
  const ids = unique.filter(isServerId).map((r) => r.toLowerCase());
  const names = unique.filter((r) => !isServerId(r));
  const byId = await readDetails(ctx, ids);
  const byName = names.length ? await findByNames(ctx, names) : new Map<string, ServerDetail[]>();

  const found: Machine[] = [];
  const seen = new Set<string>();
  const unknown: string[] = [];
  const ambiguous: AmbiguousRef[] = [];
  const add = (d: ServerDetail) => {
    if (seen.has(d.id)) return;
    seen.add(d.id);
    found.push(toMachine(d));
  };
  for (const ref of unique) {
    if (isServerId(ref)) {
      const d = byId.get(ref.toLowerCase());
      if (!d || isMissing(d)) unknown.push(ref);
      else add(d);
      continue;
    }
    const matches = byName.get(ref) ?? [];
    if (matches.length === 0) unknown.push(ref);
    else if (matches.length > 1) ambiguous.push({ ref, matches: matches.map(toMachine) });
    else if (matches[0]) add(matches[0]);
  }
  return { found, unknown, ambiguous };
}
