import type { MachineStore } from './machines.js';

/** What an action answers: an HTTP status and a JSON body (envelope or error). */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface StopCounters {
  /** StopInstances requests that reached the action and named this ID (refused ones too). */
  requested: Map<string, number>;
  /** StopInstances requests that actually started stopping this ID. */
  acted: Map<string, number>;
  /** StartInstances requests that reached the action and named this ID (refused ones too). */
  startRequested: Map<string, number>;
  /** StartInstances requests that actually started booting this ID. */
  startActed: Map<string, number>;
}

export const errorReply = (status: number, requestId: string, code: string, message: string): Reply => ({
  status,
  body: { requestId, code, message },
});

const ok = (requestId: string, fields: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { requestId, response: { requestId, ...fields } },
});

const bump = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * How a batch with a bad ID is answered; the spec leaves it unconfirmed (zenlayer.md §4.1,
 * start.md §3), so both are modelled, for StopInstances and StartInstances alike.
 * 'all-or-nothing' (default): one bad ID refuses the whole batch and nothing is stopped.
 * 'partial': the good instances (RUNNING, not failing; for a start STOPPED, not failing) are
 * acted on, and the bad ID's error is still the answer.
 */
export type BatchSemantics = 'all-or-nothing' | 'partial';

/** What differs between StopInstances and StartInstances in the fake. */
interface ActionRule {
  /** The one status the action applies to, and the refusal code for any other. */
  from: 'RUNNING' | 'STOPPED';
  notFromCode: string;
  refuses(m: FakeMachineState): boolean | undefined;
  begin(store: MachineStore, id: string): void;
  requested(c: StopCounters): Map<string, number>;
  acted(c: StopCounters): Map<string, number>;
}

type FakeMachineState = NonNullable<ReturnType<MachineStore['get']>>;

const STOP_RULE: ActionRule = {
  from: 'RUNNING',
  notFromCode: 'OPERATION_DENIED_INSTANCE_NOT_RUNNING',
  refuses: (m) => m.failStop,
  begin: (store, id) => store.beginStop(id),
  requested: (c) => c.requested,
  acted: (c) => c.acted,
};

/** StartInstances: only STOPPED instances (not in the recycle bin) start (start.md §3); a refusal as for a stop. */
const START_RULE: ActionRule = {
  from: 'STOPPED',
  notFromCode: 'OPERATION_DENIED_INSTANCE_NOT_STOPPED',
  refuses: (m) => m.failStart,
  begin: (store, id) => store.beginStart(id),
  requested: (c) => c.startRequested,
  acted: (c) => c.startActed,
};

/** One bad ID's refusal of the batch, with the good instances stopped first when `partial`. */
export const stopInstances = (
  store: MachineStore,
  params: Record<string, unknown>,
  rid: string,
  c: StopCounters,
  semantics: BatchSemantics = 'all-or-nothing',
): Reply => act(STOP_RULE, store, params, rid, c, semantics);

/** The same for StartInstances: one bad ID refuses the batch, the good ones started first when `partial`. */
export const startInstances = (
  store: MachineStore,
  params: Record<string, unknown>,
  rid: string,
  c: StopCounters,
  semantics: BatchSemantics = 'all-or-nothing',
): Reply => act(START_RULE, store, params, rid, c, semantics);

function act(
  rule: ActionRule,
  store: MachineStore,
  params: Record<string, unknown>,
  rid: string,
  c: StopCounters,
  semantics: BatchSemantics,
): Reply {
  const reply = allOrNothing(rule, store, params, rid, c);
  const ids = params['instanceIds'];
  if (reply.status !== 200 && semantics === 'partial' && stringList(ids) && ids.length <= 100) {
    for (const id of new Set(ids)) {
      const m = store.get(id);
      if (m?.status !== rule.from || rule.refuses(m)) continue;
      rule.begin(store, id);
      bump(rule.acted(c), id);
    }
  }
  return reply;
}

function allOrNothing(
  rule: ActionRule,
  store: MachineStore,
  params: Record<string, unknown>,
  rid: string,
  c: StopCounters,
): Reply {
  const ids = params['instanceIds'];
  if (!stringList(ids) || ids.length === 0) {
    return errorReply(400, rid, 'MISSING_PARAMETER', 'instanceIds is required.');
  }
  if (ids.length > 100)
    return errorReply(400, rid, 'INVALID_PARAMETER', 'instanceIds takes at most 100 IDs.');
  for (const id of ids) bump(rule.requested(c), id);
  const machines = ids.map((id) => store.get(id));
  if (machines.some((m) => !m))
    return errorReply(404, rid, 'INVALID_INSTANCE_NOT_FOUND', 'Instance does not exist.');
  if (machines.some((m) => m?.status === 'RECYCLE')) {
    return errorReply(403, rid, 'OPERATION_DENIED_INSTANCE_RECYCLED', 'Instance is in the recycle bin.');
  }
  if (machines.some((m) => m?.status !== rule.from)) {
    return errorReply(
      403,
      rid,
      rule.notFromCode,
      `Only operations on instances in ${rule.from} status are supported.`,
    );
  }
  if (machines.some((m) => m && rule.refuses(m))) {
    return errorReply(
      403,
      rid,
      'OPERATION_DENIED_INSTANCE_STATUS',
      'The instance status does not support this operation.',
    );
  }
  for (const id of new Set(ids)) {
    rule.begin(store, id);
    bump(rule.acted(c), id);
  }
  return ok(rid);
}

function toWire(m: { id: string; name: string; status: string; tags: Record<string, string> }) {
  return {
    instanceId: m.id,
    instanceName: m.name,
    hostname: m.name,
    zoneId: 'HKG-A',
    instanceStatus: m.status,
    instanceTypeId: 'M6C',
    instanceChargeType: 'POSTPAID',
    internetChargeType: 'ByBandwidth',
    primaryPublicIpAddress: null,
    publicIpAddresses: [],
    privateIpAddresses: [],
    tags: { tags: Object.entries(m.tags).map(([key, value]) => ({ key, value })) },
  };
}

/** `strictIds`: answer 404 for an unknown ID instead of leaving it out (the spec does not say which). */
export function describeInstances(
  store: MachineStore,
  params: Record<string, unknown>,
  rid: string,
  strictIds = false,
): Reply {
  const { instanceIds, instanceName, instanceStatus } = params;
  const pageNum = params['pageNum'] ?? 1;
  const pageSize = params['pageSize'] ?? 20;
  if (!Number.isInteger(pageNum) || (pageNum as number) < 1)
    return errorReply(400, rid, 'INVALID_PARAMETER', 'pageNum');
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 1000) {
    return errorReply(400, rid, 'INVALID_PARAMETER', 'pageSize must be 1..1000.');
  }
  if (instanceIds !== undefined && (!stringList(instanceIds) || instanceIds.length > 100)) {
    return errorReply(400, rid, 'INVALID_PARAMETER', 'instanceIds takes at most 100 IDs.');
  }
  if (instanceName !== undefined && typeof instanceName !== 'string') {
    return errorReply(400, rid, 'INVALID_PARAMETER', 'instanceName must be a string.');
  }
  if (strictIds && instanceIds?.some((id) => !store.get(id))) {
    return errorReply(404, rid, 'INVALID_INSTANCE_NOT_FOUND', 'Instance does not exist.');
  }
  let rows = instanceIds
    ? [...new Set(instanceIds)].flatMap((id) => store.get(id) ?? [])
    : store.list(instanceName);
  if (instanceIds && instanceName !== undefined) {
    const match = store.list(instanceName);
    rows = rows.filter((m) => match.includes(m));
  }
  if (typeof instanceStatus === 'string') rows = rows.filter((m) => m.status === instanceStatus);
  // tags: every pair must match; tagKeys: every key must be present (the real semantics are not documented).
  const { tags, tagKeys } = params;
  if (tags !== undefined) {
    const pairs = Array.isArray(tags) ? (tags as { key?: unknown; value?: unknown }[]) : [];
    if (!Array.isArray(tags) || pairs.length > 20 || pairs.some((t) => typeof t?.key !== 'string'))
      return errorReply(400, rid, 'INVALID_PARAMETER', 'tags takes at most 20 {key,value} pairs.');
    rows = rows.filter((m) => pairs.every((t) => m.tags[t.key as string] === t.value));
  }
  if (tagKeys !== undefined) {
    if (!stringList(tagKeys) || tagKeys.length > 20)
      return errorReply(400, rid, 'INVALID_PARAMETER', 'tagKeys takes at most 20 keys.');
    rows = rows.filter((m) => tagKeys.every((k) => Object.hasOwn(m.tags, k)));
  }
  const from = ((pageNum as number) - 1) * (pageSize as number);
  const page = rows.slice(from, from + (pageSize as number));
  return ok(rid, { totalCount: rows.length, dataSet: page.map(toWire) });
}
