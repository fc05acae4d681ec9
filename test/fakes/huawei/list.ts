import { ecsError, type FakeResponse, json } from './responses.js';
import type { FakeEcsState } from './state.js';

/** ListServersDetails: server_id= (exact, ≤100, unknown IDs as null-filled entries), name= (fuzzy), tags= (contains), paging. */

type Query = Map<string, string[]>;

const first = (q: Query, name: string): string | undefined => q.get(name)?.[0];

function serverJson(state: FakeEcsState, id: string): Record<string, unknown> {
  const rec = state.servers.get(id);
  if (!rec) {
    return {
      id,
      name: null,
      status: null,
      'OS-EXT-STS:vm_state': null,
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:power_state': null,
      locked: null,
      metadata: null,
      fault: { code: 404, message: `Instance ${id} could not be found.`, details: null, created: null },
    };
  }
  const v = state.view(rec);
  return {
    id: rec.id,
    name: rec.name,
    status: v.status,
    'OS-EXT-STS:vm_state': v.vmState,
    'OS-EXT-STS:task_state': v.taskState,
    'OS-EXT-STS:power_state': v.powerState,
    locked: false,
    metadata: {},
    tags: Object.entries(rec.tags ?? {}).map(([k, v]) => `${k}=${v}`),
    fault: null,
  };
}

function intParam(q: Query, name: string, fallback: number, min: number, max: number): number | FakeResponse {
  const raw = first(q, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    return ecsError(400, 'Ecs.0005', `Invalid parameter ${name}: must be between ${min} and ${max}.`);
  }
  return n;
}

export function listServers(state: FakeEcsState, q: Query): FakeResponse {
  const ids = first(q, 'server_id');
  if (ids !== undefined) {
    const list = ids.split(',').filter((s) => s !== '');
    if (list.length > 100) return ecsError(400, 'Ecs.0005', 'Too many server_id values (at most 100).');
    return json(200, { count: list.length, servers: list.map((id) => serverJson(state, id)) });
  }
  const limit = intParam(q, 'limit', 25, 1, 1000);
  if (typeof limit !== 'number') return limit;
  const name = first(q, 'name')?.toLowerCase();
  // `tags`: servers whose tag list contains an entry with this value in it (tags.md §1a: "包含").
  const tag = first(q, 'tags');
  const matching = state.order.filter(
    (r) =>
      (!name || r.name.toLowerCase().includes(name)) &&
      (tag === undefined || Object.entries(r.tags ?? {}).some(([k, v]) => `${k}=${v}`.includes(tag))),
  );
  let start = 0;
  const marker = first(q, 'marker');
  if (marker !== undefined) {
    const at = matching.findIndex((r) => r.id === marker);
    if (at < 0) return ecsError(400, 'Ecs.0005', 'Invalid marker.');
    start = at + 1;
  } else if (first(q, 'offset') !== undefined) {
    const page = intParam(q, 'offset', 1, 1, 1_000_000);
    if (typeof page !== 'number') return page;
    start = (page - 1) * limit;
  }
  const servers = matching.slice(start, start + limit).map((r) => serverJson(state, r.id));
  return json(200, { count: matching.length, servers });
}
