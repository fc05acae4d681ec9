import type { StopRequest } from './types.js';

/**
 * A request as a Redis hash. The fields the Lua scripts read or change are
 * plain hash fields (numbers in decimal, `modes`/`card`/`progress` as JSON);
 * everything else lives in `body` as JSON and is never touched by Lua, so no
 * JSON is ever re-encoded inside Redis.
 *
 * Fields: body, requester, expiresAt, modes, state, mode, version,
 * decidedBy?, decidedAt?, finishedAt?, card?, progress?
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
    finishedAt,
    card,
    progress,
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
  if (finishedAt !== undefined) fields['finishedAt'] = String(finishedAt);
  if (card !== undefined) fields['card'] = JSON.stringify(card);
  if (progress !== undefined) fields['progress'] = JSON.stringify(progress);
  return fields;
}

/** From HGETALL as a flat [field, value, …] list (what a Lua script returns). */
export function decodeRequestPairs(pairs: readonly string[]): StopRequest {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) fields[pairs[i] as string] = pairs[i + 1] as string;
  return decodeRequest(fields);
}

export function decodeRequest(f: Readonly<Record<string, string>>): StopRequest {
  const need = (name: string): string => {
    const v = f[name];
    if (v === undefined) throw new Error(`stored request lacks field ${name}`);
    return v;
  };
  const request: StopRequest = {
    ...(JSON.parse(need('body')) as Omit<
      StopRequest,
      'requester' | 'expiresAt' | 'modes' | 'state' | 'mode' | 'version'
    >),
    requester: need('requester'),
    expiresAt: Number(need('expiresAt')),
    modes: JSON.parse(need('modes')) as StopRequest['modes'],
    state: need('state') as StopRequest['state'],
    mode: need('mode') as StopRequest['mode'],
    version: Number(need('version')),
  };
  if (f['decidedBy'] !== undefined) request.decidedBy = f['decidedBy'];
  if (f['decidedAt'] !== undefined) request.decidedAt = Number(f['decidedAt']);
  if (f['finishedAt'] !== undefined) request.finishedAt = Number(f['finishedAt']);
  if (f['card'] !== undefined) request.card = JSON.parse(f['card']) as StopRequest['card'];
  if (f['progress'] !== undefined) request.progress = JSON.parse(f['progress']) as StopRequest['progress'];
  return request;
}
