import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitUntil } from './wait-until.js';

/**
 * A real Redis Sentinel set on loopback: a primary, a replica and three
 * sentinels, as redis-server processes on free ports with config files in a
 * temp folder. Needs only redis-server on PATH. Sentinels declare the primary
 * down after 1 s, so a failover takes a few seconds.
 */
export interface SentinelSet {
  /** The primary's name the sentinels know (REDIS_SENTINEL_NAME). */
  name: string;
  /** `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3` (REDIS_SENTINELS). */
  sentinels: string;
  /** The port of the current primary, as the sentinels say. */
  primaryPort(): Promise<number>;
  /** SIGKILL the current primary; resolves once it has exited. Returns its port. */
  killPrimary(): Promise<number>;
  /** SIGSTOP / SIGCONT the replica: connected but silent, so it acknowledges nothing. */
  pauseReplica(): void;
  resumeReplica(): void;
  /** Resolves once the sentinels name a primary other than `oldPort` and it takes writes. */
  waitForFailover(oldPort: number, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

export async function ping(port: number): Promise<boolean> {
  const r = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export async function startSentinelSet(name = 'mymaster'): Promise<SentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'stopbot-sentinel-'));
  const children = new Map<number, ChildProcess>();
  const start = (port: number, args: string[]) => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    children.set(port, child);
    return child;
  };
  const server = (port: number, extra: string[] = []) =>
    start(port, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--dbfilename',
      `dump-${port}.rdb`,
      ...extra,
    ]);
  const primary = await freePort();
  const replica = await freePort();
  const sentinelPorts = [await freePort(), await freePort(), await freePort()];
  const close = async () => {
    children.get(replica)?.kill('SIGCONT');
    for (const child of children.values()) if (alive(child)) child.kill('SIGKILL');
    await Promise.all([...children.values()].map((c) => (alive(c) ? once(c, 'exit') : Promise.resolve())));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server(primary);
    await waitUntil(() => ping(primary), 10_000, 'the Redis primary');
    server(replica, ['--replicaof', '127.0.0.1', String(primary)]);
    await waitUntil(() => ping(replica), 10_000, 'the Redis replica');
    for (const port of sentinelPorts) {
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      start(port, [file, '--sentinel']);
    }
    for (const port of sentinelPorts) await waitUntil(() => ping(port), 10_000, 'a sentinel');
    // The replica has synced and every sentinel sees it (and the others): ready for a failover.
    const admin = new Redis({ port: replica, host: '127.0.0.1' });
    try {
      await waitUntil(
        async () => /master_link_status:up/.test(await admin.info('replication')),
        10_000,
        'the replica to sync',
      );
    } finally {
      admin.disconnect();
    }
    await waitUntil(
      async () => {
        for (const port of sentinelPorts) {
          const s = new Redis({ port, host: '127.0.0.1' });
          try {
            const fields = (await s.call('SENTINEL', 'MASTER', name)) as string[];
            const at = (k: string) => fields[fields.indexOf(k) + 1];
            if (at('num-slaves') !== '1' || at('num-other-sentinels') !== '2') return false;
          } finally {
            s.disconnect();
          }
        }
        return true;
      },
      15_000,
      'the sentinels to see the replica and each other',
    );
  } catch (err) {
    await close();
    throw err;
  }

  const primaryPort = async (): Promise<number> => {
    for (const port of sentinelPorts) {
      const s = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
      s.on('error', () => undefined);
      try {
        const addr = (await s.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[] | null;
        if (addr?.[1]) return Number(addr[1]);
      } catch {
        // this sentinel is not answering; ask the next
      } finally {
        s.disconnect();
      }
    }
    throw new Error('no sentinel names a primary');
  };

  return {
    name,
    sentinels: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
    primaryPort,
    pauseReplica: () => children.get(replica)?.kill('SIGSTOP'),
    resumeReplica: () => children.get(replica)?.kill('SIGCONT'),
    async killPrimary() {
      const port = await primaryPort();
      const child = children.get(port);
      if (!child || !alive(child)) throw new Error(`primary on ${port} is not running`);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      return port;
    },
    async waitForFailover(oldPort, timeoutMs = 30_000) {
      let now = oldPort;
      await waitUntil(
        async () => {
          now = await primaryPort().catch(() => oldPort);
          if (now === oldPort) return false;
          const r = new Redis({ port: now, host: '127.0.0.1', maxRetriesPerRequest: 0 });
          try {
            return /role:master/.test(await r.info('replication'));
          } finally {
            r.disconnect();
          }
        },
        timeoutMs,
        'the sentinels to promote the replica',
      );
      return now;
    },
    close,
  };
}
