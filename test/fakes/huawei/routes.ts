import { listServers } from './list.js';
import { ecsError, type FakeResponse, gatewayError, json } from './responses.js';
import type { FakeEcsState } from './state.js';

export type FakeOperation = 'BatchStopServers' | 'BatchStartServers' | 'ShowJob' | 'ListServersDetails';

export interface Route {
  operation: FakeOperation;
  project: string;
  jobId?: string;
}

/** The batch action a body asks for: its top-level key (`os-start`, else a stop). */
function actionOf(body: Buffer | undefined): FakeOperation {
  try {
    const parsed: unknown = JSON.parse(body?.toString('utf8') ?? '');
    if (parsed && typeof parsed === 'object' && 'os-start' in parsed) return 'BatchStartServers';
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return 'BatchStopServers';
}

/** Finds the ECS API a request is for (the path is hex/UUIDs only, so raw = decoded). */
export function matchRoute(method: string, path: string, body?: Buffer): Route | undefined {
  const p = path.replace(/\/$/, '');
  let m = /^\/v1\/([^/]+)\/cloudservers\/action$/.exec(p);
  if (m && method === 'POST') return { operation: actionOf(body), project: m[1] ?? '' };
  m = /^\/v1\/([^/]+)\/cloudservers\/detail$/.exec(p);
  if (m && method === 'GET') return { operation: 'ListServersDetails', project: m[1] ?? '' };
  m = /^\/v1\/([^/]+)\/jobs\/([^/]+)$/.exec(p);
  if (m && method === 'GET') return { operation: 'ShowJob', project: m[1] ?? '', jobId: m[2] ?? '' };
  return undefined;
}

export const noSuchApi = (): FakeResponse =>
  gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');

function batchStop(state: FakeEcsState, body: Buffer): FakeResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return ecsError(400, 'Ecs.0005', `Request body is not valid JSON (${String(err)}).`);
  }
  const stop = (parsed as { 'os-stop'?: { type?: unknown; servers?: unknown } } | null)?.['os-stop'];
  const type = stop?.type;
  if (type !== undefined && type !== 'SOFT' && type !== 'HARD') {
    return ecsError(400, 'Ecs.0005', 'Invalid parameter os-stop.type.');
  }
  const servers = stop?.servers;
  if (!Array.isArray(servers) || servers.length === 0) {
    return ecsError(400, 'Ecs.0005', 'os-stop.servers must be a non-empty list.');
  }
  if (servers.length > 1000) return ecsError(400, 'Ecs.0118', 'Too many ECSs in one batch (at most 1000).');
  const ids: string[] = [];
  for (const s of servers) {
    const id = (s as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '') return ecsError(400, 'Ecs.0005', 'Each server needs an id.');
    ids.push(id);
  }
  const refusal = state.refuseWhole(ids);
  if (refusal) return ecsError(refusal.status, refusal.code, refusal.message);
  return json(200, { job_id: state.stop(ids, type) });
}

/** BatchStartServers: `{"os-start":{"servers":[{"id"}]}}`, no type, ≤1000 servers. */
function batchStart(state: FakeEcsState, body: Buffer): FakeResponse {
  const start = (JSON.parse(body.toString('utf8')) as { 'os-start'?: { servers?: unknown } })['os-start'];
  if (start && typeof start === 'object' && 'type' in start)
    return ecsError(400, 'Ecs.0005', 'Invalid parameter os-start.type.');
  const servers = start?.servers;
  if (!Array.isArray(servers) || servers.length === 0)
    return ecsError(400, 'Ecs.0005', 'os-start.servers must be a non-empty list.');
  if (servers.length > 1000) return ecsError(400, 'Ecs.0118', 'Too many ECSs in one batch (at most 1000).');
  const ids: string[] = [];
  for (const s of servers) {
    const id = (s as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '') return ecsError(400, 'Ecs.0005', 'Each server needs an id.');
    ids.push(id);
  }
  const refusal = state.refuseWhole(ids, 'start');
  if (refusal) return ecsError(refusal.status, refusal.code, refusal.message);
  return json(200, { job_id: state.start(ids) });
}

export function handle(
  state: FakeEcsState,
  route: Route,
  query: Map<string, string[]>,
  body: Buffer,
): FakeResponse {
  switch (route.operation) {
    case 'BatchStopServers':
      return batchStop(state, body);
    case 'BatchStartServers':
      return batchStart(state, body);
    case 'ShowJob': {
      const job = state.jobBody(route.jobId ?? '');
      return job ? json(200, job) : ecsError(400, 'Common.0011', 'Invalid job ID.');
    }
    case 'ListServersDetails':
      return listServers(state, query);
  }
}
