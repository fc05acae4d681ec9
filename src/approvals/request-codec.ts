import type { StopRequest } from './types.js';

/**
 * A request as a Redis hash. The fields the Lua scripts read or change are
 * plain hash fields (numbers in decimal, `modes`/`card`/`progress` as JSON);
 * everything else lives in `body` as JSON and is never touched by Lua, so no
 * JSON is ever re-encoded inside Redis.
 *
 * Fields: body, requester, expiresAt, modes, state, mode, version,
 * decidedBy?, decidedAt?, rejectReason?, finishedAt?, card?, progress?, undoneBy? (set by create-undo.lua)
 */
export function encodeRequest(request: StopRequest): Record<string, string> {
  const {
    requester,
    expiresAt,
    modes,
    state,
    mode,
    version,
    decidedBy,
    decidedAt,
    rejectReason,
    finishedAt,
    card,
    progress,
    undoneBy,
    ...body
  } = request;
  const fields: Record<string, string> = {
    body: JSON.stringify(body),
    requester,
    expiresAt: String(expiresAt),
    modes: JSON.stringify(modes),
    state,
    mode,
    version: String(version),
  };
  if (decidedBy !== undefined) fields['decidedBy'] = decidedBy;
  if (decidedAt !== undefined) fields['decidedAt'] = String(decidedAt);
  if (rejectReason !== undefined) fields['rejectReason'] = rejectReason;
  if (finishedAt !== undefined) fields['finishedAt'] = String(finishedAt);
  if (card !== undefined) fields['card'] = JSON.stringify(card);
  if (progress !== undefined) fields['progress'] = JSON.stringify(progress);
  if (undoneBy !== undefined) fields['undoneBy'] = undoneBy;
  return fields;
}

/** Every field but `body`: the part of a request that changes after it is created. */
export const HEAD_FIELDS = [
  'requester',
  'expiresAt',
  'modes',
  'state',
  'mode',
  'version',
  'decidedBy',
  'decidedAt',
  'rejectReason',
  'finishedAt',
  'card',
  'progress',
  'undoneBy',
] as const;

/** The `body` field, parsed: what never changes after the request is created. */
export type RequestBody = Omit<
  StopRequest,
  'requester' | 'expiresAt' | 'modes' | 'state' | 'mode' | 'version'
>;

/** Parses a stored body; its machine lists are frozen, so one copy can be shared by every reader. */
export function parseRequestBody(json: string): RequestBody {
  const body = JSON.parse(json) as RequestBody;
  for (const list of [body.targets, body.skipped, body.gone]) {
    if (!Array.isArray(list)) continue;
    for (const machine of list) Object.freeze(machine);
    Object.freeze(list);
  }
  return body;
}

/**
 * From HGETALL as a flat [field, value, …] list (what a Lua script returns).
 * `body`, when given, stands in for the `body` field (a copy parsed earlier).
 */
export function decodeRequestPairs(pairs: readonly string[], body?: RequestBody): StopRequest {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) fields[pairs[i] as string] = pairs[i + 1] as string;
  return decodeRequest(fields, body);
}

export function decodeRequest(f: Readonly<Record<string, string>>, body?: RequestBody): StopRequest {
  const need = (name: string): string => {
    const v = f[name];
    if (v === undefined) throw new Error(`stored request lacks field ${name}`);
    return v;
  };
  const request: StopRequest = {
    ...(body ?? (JSON.parse(need('body')) as RequestBody)),
    requester: need('requester'),
    expiresAt: Number(need('expiresAt')),
    modes: JSON.parse(need('modes')) as StopRequest['modes'],
    state: need('state') as StopRequest['state'],
    mode: need('mode') as StopRequest['mode'],
    version: Number(need('version')),
  };
  if (f['decidedBy'] !== undefined) request.decidedBy = f['decidedBy'];
  if (f['decidedAt'] !== undefined) request.decidedAt = Number(f['decidedAt']);
  if (f['rejectReason'] !== undefined) request.rejectReason = f['rejectReason'];
  if (f['finishedAt'] !== undefined) request.finishedAt = Number(f['finishedAt']);
  if (f['card'] !== undefined) request.card = JSON.parse(f['card']) as StopRequest['card'];
  if (f['progress'] !== undefined) request.progress = JSON.parse(f['progress']) as StopRequest['progress'];
  if (f['undoneBy'] !== undefined) request.undoneBy = f['undoneBy'];
  return request;
}
