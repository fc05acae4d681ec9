import type { Redis } from 'ioredis';
import type { RedisTarget } from '../config/redis-env.js';
import type { TrackingState } from '../domain/types.js';
import { StateUnavailableError } from '../errors.js';
import { type Logger, silentLogger } from '../observability/logger.js';
import { createBodyCache } from './body-cache.js';
import { loadScript, runScript, type ScriptName } from './lua-scripts.js';
import { createRedisAudit } from './redis-audit.js';
import { openStoreConnection } from './redis-connection.js';
import { createRedisKeys, type RequestKeys } from './redis-keys.js';
import { decodeRecent } from './redis-recent.js';
import { toTransition, toUndoCreation } from './redis-replies.js';
import { createReplicaConfirm, type ReplicaConfirmOptions } from './replica-confirm.js';
import { decodeRequestPairs, encodeRequest, HEAD_FIELDS } from './request-codec.js';
import { RECENT_MAX, type StateStore } from './store.js';
import { MAX_MODE_CHANGES } from './transitions.js';
import { type StopRequest, type TargetOutcome, TERMINAL_OUTCOMES } from './types.js';

export interface RedisStoreOptions {
  /** A live client (left open by close()), or a URL or target (the store opens and closes its own client). */
  redis: Redis | RedisTarget | string;
  /** Every key starts with this. */
  prefix: string;
  /** How long a request's keys live after its last change. Default 30 days. */
  ttlMs?: number;
  /** How long a call waits for a (re)connecting client before StateUnavailableError. Default 1 s. */
  connectWaitMs?: number;
  /** Command timeout of a client the store creates from a URL. Default 5 s. */
  commandTimeoutMs?: number;
  logger?: Logger;
  /** WAIT for a replica after a claim (see replica-confirm.ts). */
  confirm?: ReplicaConfirmOptions;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Request bodies kept in memory (a 5,000-target request's body is about 0.5 MB). */
const BODY_CACHE_BYTES = 8 * 1024 * 1024;

/** State in Redis, shared by every replica. Same behaviour as the memory store (see store.contract.ts). */
export function createRedisStore(options: RedisStoreOptions): StateStore {
  const ttl = Math.max(1, Math.round(options.ttlMs ?? 30 * DAY_MS));
  const keys = createRedisKeys(options.prefix);
  const conn = openStoreConnection(options.redis, {
    waitMs: options.connectWaitMs ?? 1_000,
    commandTimeoutMs: options.commandTimeoutMs,
    logger: options.logger ?? silentLogger,
  });
  const redis = conn.redis;
  const bodies = createBodyCache(BODY_CACHE_BYTES);
  const confirmByReplica = createReplicaConfirm(redis, options.confirm);

  /** Every Redis call goes through here: wait briefly for the connection, then fail as StateUnavailableError. */
  const use = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      await conn.ready();
      return await fn();
    } catch (err) {
      if (err instanceof StateUnavailableError) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      throw new StateUnavailableError(`state store: ${what} failed: ${detail}`, { cause: err });
    }
  };
  const audit = createRedisAudit(redis, use, (id) => keys.forRequest(id), ttl);
  const script = (name: ScriptName, k: readonly string[], args: readonly (string | number)[]) =>
    use(name, () => runScript(redis, loadScript(name), k, args));
  const allKeys = (k: RequestKeys) => [k.request, k.outcomes, k.tracking, k.audit];
  /** A script's copy of the request, sharing the parsed body when it is the one already known. */
  const decodeWithBody = (id: string) => (pairs: readonly string[]) => {
    const at = pairs.findIndex((field, i) => i % 2 === 0 && field === 'body');
    const json = at >= 0 ? pairs[at + 1] : undefined;
    return decodeRequestPairs(pairs, json === undefined ? undefined : bodies.remember(id, json));
  };
  const transition = async (id: string, name: ScriptName, args: readonly (string | number)[]) =>
    toTransition(await script(name, allKeys(keys.forRequest(id)), [...args, ttl]), decodeWithBody(id));
  /** A transition that may end the request: the script also keeps the active set. */
  const ending = async (id: string, name: ScriptName, args: readonly (string | number)[]) =>
    toTransition(
      await script(name, [...allKeys(keys.forRequest(id)), keys.active], [...args, ttl, id]),
      decodeWithBody(id),
    );

  /** create.lua's (and create-undo.lua's) arguments for a new request. */
  const creationArgs = (request: StopRequest) => {
    const fields = Object.entries(encodeRequest(request)).flat();
    const outcomes = request.targets.flatMap((t) => [
      t.id,
      JSON.stringify({ state: 'pending', status: t.status, at: request.createdAt } satisfies TargetOutcome),
    ]);
    return [ttl, request.id, request.createdAt, RECENT_MAX, fields.length / 2, ...fields, ...outcomes];
  };

  return {
    async createRequest(request) {
      const k = keys.forRequest(request.id);
      const created = await script(
        'create',
        [k.request, k.outcomes, keys.active, keys.recent],
        creationArgs(request),
      );
      return created === 1;
    },
    async createUndo(request) {
      const stopId = request.undoes ?? '';
      const k = keys.forRequest(request.id);
      const reply = await script(
        'create-undo',
        [keys.forRequest(stopId).request, k.request, k.outcomes, keys.active, keys.recent],
        creationArgs(request),
      );
      return toUndoCreation(reply, decodeWithBody(stopId));
    },
    async getRequest(id) {
      const key = keys.forRequest(id).request;
      const cached = bodies.get(id);
      if (cached !== undefined) {
        // The body never changes once created: read only the head again.
        const head = await use('get', () => redis.hmget(key, ...HEAD_FIELDS));
        if (head.every((v) => v === null)) return null;
        const pairs: string[] = [];
        HEAD_FIELDS.forEach((field, i) => {
          const value = head[i];
          if (value !== null && value !== undefined) pairs.push(field, value);
        });
        return decodeRequestPairs(pairs, cached.body);
      }
      const fields = await use('get', () => redis.hgetall(key));
      const json = fields['body'];
      if (json === undefined) {
        return Object.keys(fields).length ? decodeRequestPairs(Object.entries(fields).flat()) : null;
      }
      return decodeRequestPairs(Object.entries(fields).flat(), bodies.remember(id, json));
    },
    async listRecent(limit) {
      const n = Math.max(1, Math.min(limit, RECENT_MAX));
      return decodeRecent(await script('recent', [keys.recent], [keys.prefix, n]));
    },
    async listActive() {
      const ids = await use('listActive', () => redis.smembers(keys.active));
      if (ids.length === 0) return [];
      const exists = await use('listActive', () =>
        Promise.all(ids.map((id) => redis.exists(keys.forRequest(id).request))),
      );
      // A member whose request hash is gone outlived it (keys expire after ttlMs): drop it.
      const gone = ids.filter((_, i) => exists[i] === 0);
      if (gone.length) await use('listActive', () => redis.srem(keys.active, ...gone));
      return ids.filter((_, i) => exists[i] === 1);
    },
    async setCard(id, card) {
      await script('set-ref', [keys.forRequest(id).request], ['card', JSON.stringify(card), ttl]);
    },
    async setProgress(id, progress) {
      await script('set-ref', [keys.forRequest(id).request], ['progress', JSON.stringify(progress), ttl]);
    },
    setMode: (id, mode, now) => transition(id, 'set-mode', [mode, now, MAX_MODE_CHANGES]),
    decide: async (id, d) =>
      toTransition(
        await script(
          'decide',
          [...allKeys(keys.forRequest(id)), keys.active],
          [
            d.action,
            d.user,
            d.at,
            d.allowed ? '1' : '0',
            d.selfApproval ? '1' : '0',
            d.seenVersion === undefined ? '' : String(d.seenVersion),
            ttl,
            id,
            d.action === 'reject' && d.reason ? d.reason : '',
          ],
        ),
        decodeWithBody(id),
      ),
    expire: (id, now) => ending(id, 'expire', [now]),
    finish: (id, now) => ending(id, 'finish', [now]),
    async getOutcomes(id) {
      // The flat reply, read in one pass: a 5,000-target request is read every tracking round.
      const flat = await use('getOutcomes', () => redis.call('HGETALL', keys.forRequest(id).outcomes));
      const pairs = Array.isArray(flat) ? flat : Object.entries(flat ?? {}).flat();
      const out: Record<string, TargetOutcome> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        out[String(pairs[i])] = JSON.parse(String(pairs[i + 1])) as TargetOutcome;
      }
      return out;
    },
    async claimTargets(id, targetIds, from, to) {
      const args = [ttl, JSON.stringify(to), from.length, ...from, ...targetIds];
      const moved = (await script('claim-targets', [keys.forRequest(id).outcomes], args)) as string[];
      if (moved.length > 0) await use('claimTargets', () => confirmByReplica('claimTargets'));
      return moved;
    },
    async recordOutcomes(id, next) {
      const pairs = Object.entries(next).flatMap(([t, o]) => [t, JSON.stringify(o)]);
      if (pairs.length === 0) return;
      const args = [ttl, TERMINAL_OUTCOMES.length, ...TERMINAL_OUTCOMES, ...pairs];
      await script('record-outcomes', [keys.forRequest(id).outcomes], args);
    },
    async getTracking(id) {
      const raw = await use('getTracking', () => redis.get(keys.forRequest(id).tracking));
      return raw === null ? null : (JSON.parse(raw) as TrackingState);
    },
    async setTracking(id, state) {
      await use('setTracking', () =>
        redis.set(keys.forRequest(id).tracking, JSON.stringify(state), 'PX', ttl),
      );
    },
    async claimOnce(key, ttlMs) {
      const ok = await use('claimOnce', () => redis.set(keys.once(key), '1', 'PX', positive(ttlMs), 'NX'));
      if (ok === 'OK') await use('claimOnce', () => confirmByReplica('claimOnce'));
      return ok === 'OK';
    },
    async releaseOnce(key) {
      await use('releaseOnce', () => redis.del(keys.once(key)));
    },
    async getMark(key) {
      const raw = await use('getMark', () => redis.get(keys.mark(key)));
      return raw === null ? null : Number(raw);
    },
    async setMark(key, value, ttlMs) {
      await use('setMark', () => redis.set(keys.mark(key), String(value), 'PX', positive(ttlMs)));
    },
    ...audit,
    async ping() {
      try {
        return (await use('ping', () => redis.ping())) === 'PONG';
      } catch (err) {
        if (err instanceof StateUnavailableError) return false;
        throw err;
      }
    },
    close: () => conn.close(),
  };
}

const positive = (ms: number): number => Math.max(1, Math.ceil(ms));
