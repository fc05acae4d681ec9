import { AUDIT_MAX_EVENTS, AUDIT_REFUSED_KEPT, type AuditEvent, type RequestHistory } from './types.js';

/**
 * The memory store's bounds: nothing keyed by what users send (trigger IDs,
 * user IDs, request IDs, clicks) grows without limit or outlives its time.
 */

/** Keys with an expiry: swept every SWEEP_EVERY writes, and the oldest dropped past `max`. */
export interface ExpiringKeys<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  delete(key: string): void;
  readonly size: number;
}

const SWEEP_EVERY = 1_000;

export function createExpiringKeys<V>(max: number, now: () => number): ExpiringKeys<V> {
  const entries = new Map<string, { value: V; until: number }>();
  let writes = 0;
  const sweep = () => {
    const t = now();
    for (const [k, e] of entries) if (e.until <= t) entries.delete(k);
  };
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.until > now()) return e.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, ttlMs) {
      if (++writes % SWEEP_EVERY === 0) sweep();
      entries.delete(key);
      entries.set(key, { value, until: now() + ttlMs });
      // Oldest first: a flood of fresh keys pushes out the oldest, never grows the map.
      for (const k of entries.keys()) {
        if (entries.size <= max) break;
        entries.delete(k);
      }
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/** Each request's history, bounded as in the Redis store (append-audit.lua). */
export function createMemoryAudit() {
  const byRequest = new Map<
    string,
    { events: AuditEvent[]; refusedKept: number; counted: Record<string, number> }
  >();
  return {
    append(id: string, event: AuditEvent): void {
      const h = byRequest.get(id) ?? { events: [], refusedKept: 0, counted: {} };
      byRequest.set(id, h);
      if (event.refused !== undefined) {
        if (h.refusedKept >= AUDIT_REFUSED_KEPT) {
          const key = `${event.type}:${event.refused}`;
          h.counted[key] = (h.counted[key] ?? 0) + 1;
          return;
        }
        h.refusedKept += 1;
      }
      h.events.push(structuredClone(event));
      if (h.events.length > AUDIT_MAX_EVENTS) h.events.shift();
    },
    history(id: string): RequestHistory {
      const h = byRequest.get(id);
      return structuredClone({ events: h?.events ?? [], refusedNotKept: h?.counted ?? {} });
    },
    forget(id: string): void {
      byRequest.delete(id);
    },
  };
}
