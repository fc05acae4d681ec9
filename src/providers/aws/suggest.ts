import type { Machine } from '../types.js';
import type { Ec2Calls } from './client.js';
import { literal } from './describe.js';
import { stateOf, toMachine } from './mapping.js';

/**
 * Type-ahead: one page of DescribeInstances filtered by a `Name` tag (or, for
 * `i-…`, an instance ID) starting with the prefix. MaxResults is 5 … 1000.
 */
export async function suggestMachines(calls: Ec2Calls, prefix: string, max: number): Promise<Machine[]> {
  const p = prefix.trim();
  const name = /^i-[0-9a-f]*$/.test(p) ? 'instance-id' : 'tag:Name';
  const filters = [
    { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ...(p === '' ? [] : [{ Name: name, Values: [`${literal(p)}*`] }]),
  ];
  const page = await calls.describe({ Filters: filters, MaxResults: Math.min(1000, Math.max(5, max)) });
  const instances = (page.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  return instances
    .filter((i) => stateOf(i) !== 'terminated')
    .slice(0, max)
    .map(toMachine);
}
