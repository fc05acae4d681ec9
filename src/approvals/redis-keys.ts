/**
 * Every Redis key stopbot uses, built here and nowhere else.
 *
 * The keys of one request share a `{id}` hash tag, so the scripts that touch
 * several of them stay valid on a Redis Cluster.
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
}

export interface RedisKeys {
  /** Everything under this prefix belongs to one stopbot installation. */
  readonly prefix: string;
  forRequest(id: string): RequestKeys;
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
    }),
    once: (key) => `${prefix}:once:${key}`,
    mark: (key) => `${prefix}:mark:${key}`,
    bullmq: `${prefix}:bull`,
  };
}
