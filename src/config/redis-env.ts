import { ConfigError } from '../errors.js';

/** Where Redis is: one address, or a Sentinel set that names the current primary. */
export type RedisTarget =
  | { kind: 'url'; url: string }
  | {
      kind: 'sentinel';
      sentinels: { host: string; port: number }[];
      /** The primary's name as the sentinels know it. */
      name: string;
      username?: string;
      password?: string;
      db: number;
    };

/** `host:port,host:port` (IPv6 as `[addr]:port`). */
function parseSentinels(raw: string): { host: string; port: number }[] {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new ConfigError('REDIS_SENTINELS', 'must list host:port,host:port');
  return parts.map((part) => {
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(part);
    const port = Number(m?.[3]);
    const host = m?.[1] ?? m?.[2];
    if (!m || !host || port < 1 || port > 65535) {
      throw new ConfigError('REDIS_SENTINELS', `"${part}" is not host:port (e.g. 10.0.0.5:26379)`);
    }
    return { host, port };
  });
}

/**
 * REDIS_URL alone: that one Redis. REDIS_SENTINELS (+ REDIS_SENTINEL_NAME, default
 * `mymaster`): the primary the sentinels name, with REDIS_URL (optional) giving only
 * the user, password and database number. Neither: undefined (state in memory).
 */
export function readRedisTarget(env: Readonly<Record<string, string | undefined>>): RedisTarget | undefined {
  const url = env['REDIS_URL'];
  const sentinels = env['REDIS_SENTINELS'];
  if (!sentinels) {
    if (env['REDIS_SENTINEL_NAME'])
      throw new ConfigError('REDIS_SENTINEL_NAME', 'is set but REDIS_SENTINELS is not; set both or neither');
    return url ? { kind: 'url', url } : undefined;
  }
  const name = env['REDIS_SENTINEL_NAME'] ?? 'mymaster';
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name))
    throw new ConfigError('REDIS_SENTINEL_NAME', 'letters, digits, _ . - only');
  const target: RedisTarget = { kind: 'sentinel', sentinels: parseSentinels(sentinels), name, db: 0 };
  if (url) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ConfigError('REDIS_URL', 'is not a URL such as redis://:password@host/0');
    }
    const db = u.pathname.replace(/^\//, '');
    if (db !== '' && !/^\d{1,2}$/.test(db))
      throw new ConfigError('REDIS_URL', 'the path must be a database number such as /0');
    target.db = db === '' ? 0 : Number(db);
    if (u.username) target.username = decodeURIComponent(u.username);
    if (u.password) target.password = decodeURIComponent(u.password);
  }
  return target;
}

/** Where Redis is, safe to show: hosts and ports, never a password. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.kind === 'sentinel')
    return `sentinels ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')} (${target.name})`;
  try {
    const u = new URL(target.url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}
