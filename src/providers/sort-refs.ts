import type { Machine, ResolveResult } from './types.js';

/**
 * Sorts each ref (in order, once) by what the cloud answered: an ID hit or a
 * single name match is found (each machine once), several name matches are
 * ambiguous, nothing is unknown.
 */
export function sortRefs<I>(
  refs: readonly string[],
  byId: ReadonlyMap<string, I>,
  byName: ReadonlyMap<string, I[]>,
  toMachine: (instance: I) => Machine,
): ResolveResult {
  const result: ResolveResult = { found: [], unknown: [], ambiguous: [] };
  const seen = new Set<string>();
  const add = (m: Machine) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    result.found.push(m);
  };
  for (const ref of refs) {
    const hit = byId.get(ref);
    const named = byName.get(ref) ?? [];
    if (hit) add(toMachine(hit));
    else if (named.length === 1 && named[0]) add(toMachine(named[0]));
    else if (named.length > 1) result.ambiguous.push({ ref, matches: named.map(toMachine) });
    else result.unknown.push(ref);
  }
  return result;
}
