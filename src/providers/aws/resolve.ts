import type { Instance } from '@aws-sdk/client-ec2';
import { sortRefs } from '../sort-refs.js';
import type { ResolveResult } from '../types.js';
import type { Ec2Calls } from './client.js';
import { describeIds, describeNames } from './describe.js';
import { INSTANCE_ID, nameOf, stateOf, toMachine } from './mapping.js';

/**
 * Refs shaped like instance IDs are looked up as IDs (one filtered call per
 * 200); the rest, and IDs no instance has, as exact `Name` tags (likewise).
 * Nothing malformed is ever sent as an ID.
 */
export async function resolveRefs(calls: Ec2Calls, refs: readonly string[]): Promise<ResolveResult> {
  const unique = [...new Set(refs.map((r) => r.trim()).filter((r) => r !== ''))];
  const byId = await describeIds(
    calls,
    unique.filter((r) => INSTANCE_ID.test(r)),
  );
  const names = unique.filter((r) => !byId.has(r));
  const byName = new Map<string, Instance[]>(names.map((n) => [n, []]));
  // A terminated instance keeps its tags for about an hour; it is no candidate for a name.
  for (const i of await describeNames(calls, names)) {
    if (stateOf(i) !== 'terminated') byName.get(nameOf(i))?.push(i);
  }

  return sortRefs(unique, byId, byName, toMachine);
}
