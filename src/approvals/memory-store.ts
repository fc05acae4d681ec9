import type { StopMode, TrackingState } from '../domain/types.js';
import { digestOf } from './digest.js';
import { createExpiringKeys, createMemoryAudit } from './memory-bounds.js';
import { RECENT_MAX, type StateStore, type UndoCreation } from './store.js';
import { applyDecision, applyExpiry, applyFinish, applyMode } from './transitions.js';
import {
  type Decision,
  FINAL_STATES,
  isTerminalOutcome,
  type MessageRef,
  type OutcomeState,
  type StopRequest,
  type TargetOutcome,
  type Transition,
} from './types.js';

const clone = <T>(v: T): T => structuredClone(v);

/** Requests kept in memory; past it the oldest finished ones are dropped. */
const MAX_REQUESTS = 10_000;
/** Once-claims and marks kept in memory (they also expire). */
const MAX_KEYS = 100_000;

/** State for one replica, in this process. Same behaviour as the Redis store. */
export function createMemoryStore(options: { now?: () => number } = {}): StateStore {
  const now = options.now ?? Date.now;
  const requests = new Map<string, StopRequest>();
  const outcomes = new Map<string, Map<string, TargetOutcome>>();
  const tracking = new Map<string, TrackingState>();
  const once = createExpiringKeys<true>(MAX_KEYS, now);
  const marks = createExpiringKeys<number>(MAX_KEYS, now);
  const audit = createMemoryAudit();

  /** Past MAX_REQUESTS, the oldest finished requests go (with everything kept for them). */
  const makeRoom = () => {
    for (const r of requests.values()) {
      if (requests.size < MAX_REQUESTS) return;
      if (!FINAL_STATES.includes(r.state)) continue;
      requests.delete(r.id);
      outcomes.delete(r.id);
      tracking.delete(r.id);
      audit.forget(r.id);
    }
  };

  const transition = (id: string, rule: (r: StopRequest) => Transition): Transition => {
    const current = requests.get(id);
    if (!current) return { ok: false, reason: 'not_found' };
    const result = rule(current);
    if (result.ok) requests.set(id, result.request);
    return clone(result);
  };

  const create = (request: StopRequest): boolean => {
    if (requests.has(request.id)) return false;
    makeRoom();
    requests.set(request.id, clone(request));
    const map = new Map<string, TargetOutcome>();
    for (const t of request.targets)
      map.set(t.id, { state: 'pending', status: t.status, at: request.createdAt });
    outcomes.set(request.id, map);
    return true;
  };

  return {
    async createRequest(request) {
      return create(request);
    },
    async createUndo(request): Promise<UndoCreation> {
      const stop = requests.get(request.undoes ?? '');
      if (!stop) return { ok: false, reason: 'not_found' };
      if (stop.undoneBy !== undefined) return { ok: false, reason: 'taken', existing: stop.undoneBy };
      if (stop.state !== 'done') return { ok: false, reason: 'not_done' };
      if (!create(request)) return { ok: false, reason: 'id_taken' };
      const linked = { ...stop, undoneBy: request.id, version: stop.version + 1 };
      requests.set(stop.id, linked);
      return { ok: true, stop: clone(linked) };
    },
    async getRequest(id) {
      const r = requests.get(id);
      return r ? clone(r) : null;
    },
    async listActive() {
      return [...requests.values()].filter((r) => !FINAL_STATES.includes(r.state)).map((r) => r.id);
    },
    async listRecent(limit) {
      const newest = [...requests.values()].slice(-Math.min(limit, RECENT_MAX)).reverse();
      return newest.map((r) => digestOf(r, outcomes.get(r.id)?.values() ?? []));
    },
    async setCard(id: string, card: MessageRef) {
      const r = requests.get(id);
      if (r) requests.set(id, { ...r, card });
    },
    async setProgress(id: string, progress: MessageRef) {
      const r = requests.get(id);
      if (r) requests.set(id, { ...r, progress });
    },
    async setMode(id: string, mode: StopMode, at: number) {
      return transition(id, (r) => applyMode(r, mode, at));
    },
    async decide(id: string, decision: Decision) {
      return transition(id, (r) => applyDecision(r, decision));
    },
    async expire(id: string, at: number) {
      return transition(id, (r) => applyExpiry(r, at));
    },
    async finish(id: string, at: number) {
      return transition(id, (r) => applyFinish(r, at));
    },
    async getOutcomes(id) {
      return Object.fromEntries([...(outcomes.get(id) ?? new Map())].map(([k, v]) => [k, clone(v)]));
    },
    async claimTargets(
      id: string,
      targetIds: readonly string[],
      from: readonly OutcomeState[],
      to: TargetOutcome,
    ) {
      const map = outcomes.get(id);
      if (!map) return [];
      const moved: string[] = [];
      for (const t of targetIds) {
        const cur = map.get(t);
        if (cur && from.includes(cur.state)) {
          map.set(t, clone(to));
          moved.push(t);
        }
      }
      return moved;
    },
    async recordOutcomes(id: string, next: Readonly<Record<string, TargetOutcome>>) {
      const map = outcomes.get(id);
      if (!map) return;
      for (const [t, o] of Object.entries(next)) {
        const cur = map.get(t);
        if (!cur || isTerminalOutcome(cur.state)) continue;
        map.set(t, clone(o));
      }
    },
    async getTracking(id) {
      const t = tracking.get(id);
      return t ? clone(t) : null;
    },
    async setTracking(id, state) {
      tracking.set(id, clone(state));
    },
    async claimOnce(key, ttlMs) {
      if (once.get(key)) return false;
      once.set(key, true, ttlMs);
      return true;
    },
    async releaseOnce(key) {
      once.delete(key);
    },
    async getMark(key) {
      return marks.get(key) ?? null;
    },
    async setMark(key, value, ttlMs) {
      marks.set(key, value, ttlMs);
    },
    async appendAudit(id, event) {
      audit.append(id, event);
    },
    async readAudit(id) {
      return audit.history(id).events;
    },
    async history(id) {
      return audit.history(id);
    },
    async ping() {
      return true;
    },
    async close() {},
  };
}
