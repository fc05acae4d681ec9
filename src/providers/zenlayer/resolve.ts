import { mapLimit } from '../../lib/map-limit.js';
import { sortRefs } from '../sort-refs.js';
import type { ResolveResult } from '../types.js';
import type { ZenlayerClient } from './client.js';
import { DESCRIBE_CONCURRENCY, describeAllPages, describeByName, describeIds } from './describe.js';
import { type BmcInstance, toMachine } from './mapping.js';

/** Above this many names, one listing of every instance beats a call per name. */
export const NAME_LOOKUP_LIMIT = 10;

/** Names → matching instances, by a call per name or by one full listing. */
async function lookUpNames(client: ZenlayerClient, names: string[]): Promise<Map<string, BmcInstance[]>> {
  const out = new Map<string, BmcInstance[]>(names.map((n) => [n, []]));
  if (names.length === 0) return out;
  if (names.length > NAME_LOOKUP_LIMIT) {
    for (const i of await describeAllPages(client)) out.get(i.instanceName ?? '')?.push(i);
    return out;
  }
  const lists = await mapLimit(names, DESCRIBE_CONCURRENCY, (n) => describeByName(client, n));
  for (const [k, n] of names.entries()) out.set(n, lists[k] ?? []);
  return out;
}

/**
 * Any ref may be an ID or a name. All refs are first tried as IDs (one call per
 * 100); the ones no instance has as its ID are then looked up as exact names.
 */
export async function resolveRefs(client: ZenlayerClient, refs: readonly string[]): Promise<ResolveResult> {
  const unique = [...new Set(refs.map((r) => r.trim()).filter((r) => r !== ''))];
  const byId = await describeIds(client, unique);
  const byName = await lookUpNames(
    client,
    unique.filter((r) => !byId.has(r)),
  );
  return sortRefs(unique, byId, byName, toMachine);
}
