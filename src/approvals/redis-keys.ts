/**
 * Every Redis key stopbot uses, built here and nowhere else.
 *
 * The keys of one request share a `{id}` hash tag. The scripts that change a
 * request's state also touch the one `active` set, so on a Redis Cluster the
 * whole prefix would have to live in one slot.
 */
export interface RequestKeys {
  /** Hash: the request (see request-codec.ts). */
  request: string;
  /** Hash: targetId → JSON TargetOutcome. */
  outcomes: string;
  /** String: JSON TrackingState. */
  tracking: string;
  /** Stream: audit events, field `e` = JSON AuditEvent. */
  audit: string;
  /** Hash: refused clicks — `_kept` kept in the stream, `${type}:${reason}` only counted (append-audit.lua). */
  refused: string;
}

export interface RedisKeys {
  /** Everything under this prefix belongs to one stopbot installation. */
  readonly prefix: string;
  forRequest(id: string): RequestKeys;
  /** Set: IDs of the requests not yet final (kept by create/decide/expire/finish.lua). */
  readonly active: string;
  /** Sorted set: request IDs by createdAt, the newest RECENT_MAX (kept by create.lua). */
  readonly recent: string;
  /** String, SET NX PX: claimOnce. */
  once(key: string): string;
  /** String with a TTL: a millisecond mark. */
  mark(key: string): string;
  /** The prefix BullMQ puts in front of its own keys. */
  readonly bullmq: string;
}

export function createRedisKeys(prefix: string): RedisKeys {
  if (prefix.length === 0) throw new Error('redis key prefix must not be empty');
  return {
    prefix,
    forRequest: (id) => ({
      request: `${prefix}:req:{${id}}`,
      outcomes: `${prefix}:out:{${id}}`,
      tracking: `${prefix}:trk:{${id}}`,
      audit: `${prefix}:audit:{${id}}`,
      refused: `${prefix}:refused:{${id}}`,
    }),
    active: `${prefix}:active`,
    recent: `${prefix}:recent`,
    once: (key) => `${prefix}:once:${key}`,
    mark: (key) => `${prefix}:mark:${key}`,
    bullmq: `${prefix}:bull`,
  };
}
