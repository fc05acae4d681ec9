import { describe, expect, it } from 'vitest';
import { describeRedisTarget, readRedisTarget } from '../../src/config/redis-env.js';
import { ConfigError } from '../../src/errors.js';

describe('readRedisTarget', () => {
  it('is undefined with neither REDIS_URL nor REDIS_SENTINELS (memory)', () => {
    expect(readRedisTarget({})).toBeUndefined();
  });

  it('REDIS_URL alone is that one Redis', () => {
    expect(readRedisTarget({ REDIS_URL: 'redis://h:6380/2' })).toEqual({
      kind: 'url',
      url: 'redis://h:6380/2',
    });
  });

  it('REDIS_SENTINELS with the default name, REDIS_URL giving only password and database', () => {
    const t = readRedisTarget({
      REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26380,[::1]:26381',
      REDIS_URL: 'redis://:s%40cret@ignored-host:1/3',
    });
    expect(t).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      name: 'mymaster',
      password: 's@cret',
      db: 3,
    });
    if (!t) throw new Error('target');
    expect(describeRedisTarget(t)).not.toContain('cret');
  });

  it('REDIS_SENTINEL_NAME names the primary; no REDIS_URL means no password, db 0', () => {
    expect(readRedisTarget({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'stopbot-main' })).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: 'a', port: 1 }],
      name: 'stopbot-main',
      db: 0,
    });
  });

  it.each([
    [{ REDIS_SENTINELS: 'a' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: 'a:99999' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: ' , ' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINEL_NAME: 'x' }, 'REDIS_SENTINEL_NAME'],
    [{ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'bad name' }, 'REDIS_SENTINEL_NAME'],
    [{ REDIS_SENTINELS: 'a:1', REDIS_URL: 'redis://h/x' }, 'REDIS_URL'],
  ])('refuses %o naming %s', (env, field) => {
    let caught: unknown;
    try {
      readRedisTarget(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
  });
});
