import type { Redis } from 'ioredis';
import { loadScript, runScript } from './lua-scripts.js';
import type { RequestKeys } from './redis-keys.js';
import type { StateStore } from './store.js';
import { AUDIT_MAX_EVENTS, AUDIT_REFUSED_KEPT, type AuditEvent, type RequestHistory } from './types.js';

type Use = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/** A request's history in Redis: a stream of kept events and a hash of refused clicks only counted. */
export function createRedisAudit(
  redis: Redis,
  use: Use,
  keysOf: (id: string) => RequestKeys,
  ttlMs: number,
): Pick<StateStore, 'appendAudit' | 'readAudit' | 'history'> {
  const readAudit = async (id: string): Promise<AuditEvent[]> => {
    const entries = await use('readAudit', () => redis.xrange(keysOf(id).audit, '-', '+'));
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('e') + 1] ?? 'null') as AuditEvent);
  };
  return {
    async appendAudit(id, event) {
      const k = keysOf(id);
      const refused = event.refused === undefined ? '' : `${event.type}:${event.refused}`;
      await use('appendAudit', () =>
        runScript(
          redis,
          loadScript('append-audit'),
          [k.audit, k.refused],
          [JSON.stringify(event), refused, AUDIT_REFUSED_KEPT, AUDIT_MAX_EVENTS, ttlMs],
        ),
      );
    },
    readAudit,
    async history(id): Promise<RequestHistory> {
      const [events, counts] = await Promise.all([
        readAudit(id),
        use('history', () => redis.hgetall(keysOf(id).refused)),
      ]);
      const refusedNotKept: Record<string, number> = {};
      for (const [field, n] of Object.entries(counts))
        if (field !== '_kept') refusedNotKept[field] = Number(n);
      return { events, refusedNotKept };
    },
  };
}
