import type { Redis } from 'ioredis';
import { StateUnavailableError } from '../errors.js';

export interface ReplicaConfirmOptions {
  /** How long WAIT waits for one replica's acknowledgement. Default 1 s. */
  timeoutMs?: number;
  /** How long the primary's replica count is trusted before INFO is read again. Default 2 s. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * After a claim that guards a cloud call: make sure a replica has it before the
 * call is made. A Sentinel failover promotes a replica; a claim only the old
 * primary had would be lost, and another worker could claim and stop the same
 * target again. So when the primary has replicas, WAIT 1 <timeout> must see one
 * acknowledgement, or the claim counts as not made (StateUnavailableError: the
 * job retries later, after re-reading the target's status). With no replica,
 * there is nothing to fail over to and nothing to wait for.
 */
export function createReplicaConfirm(redis: Redis, options: ReplicaConfirmOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const cacheMs = options.cacheMs ?? 2_000;
  const now = options.now ?? Date.now;
  let known: { replicas: number; at: number } | undefined;

  const replicaCount = async (): Promise<number> => {
    if (known && now() - known.at < cacheMs) return known.replicas;
    const info = await redis.info('replication');
    const replicas = Number(/^connected_slaves:(\d+)/m.exec(info)?.[1] ?? '0');
    known = { replicas, at: now() };
    return replicas;
  };

  return async (what: string): Promise<void> => {
    if ((await replicaCount()) === 0) return;
    const acked = Number(await redis.call('WAIT', 1, timeoutMs));
    if (acked >= 1) return;
    known = undefined;
    throw new StateUnavailableError(`state store: ${what} not confirmed by a replica within ${timeoutMs} ms`);
  };
}
