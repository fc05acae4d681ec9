import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, ping } from './sentinel-set.js';
import { waitUntil } from './wait-until.js';

/**
 * A real Redis primary on loopback (a redis-server process on a free port, no
 * persistence), to which a replica can be attached later and then paused
 * (SIGSTOP: connected but silent, so it acknowledges nothing). No sentinels:
 * for code that only asks the primary about its replicas.
 */
export interface RedisPair {
  /** A client of the primary. */
  primary: Redis;
  /** Start a replica of the primary; resolves once the primary counts it and it has synced. */
  attachReplica(): Promise<void>;
  pauseReplica(): void;
  resumeReplica(): void;
  close(): Promise<void>;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

export async function startRedisPair(): Promise<RedisPair> {
  const dir = mkdtempSync(join(tmpdir(), 'stopbot-pair-'));
  const children: ChildProcess[] = [];
  let replica: ChildProcess | undefined;
  const server = (port: number, extra: string[] = []) => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(
      'redis-server',
      [...args, '--dir', dir, '--dbfilename', `dump-${port}.rdb`, ...extra],
      {
        stdio: 'ignore',
      },
    );
    children.push(child);
    return child;
  };
  const port = await freePort();
  server(port, ['--repl-diskless-sync-delay', '0']);
  let primary: Redis | undefined;
  const close = async () => {
    primary?.disconnect();
    replica?.kill('SIGCONT');
    for (const child of children) if (alive(child)) child.kill('SIGKILL');
    await Promise.all(children.map((c) => (alive(c) ? once(c, 'exit') : Promise.resolve())));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(() => ping(port), 10_000, 'the Redis primary');
  } catch (err) {
    await close();
    throw err;
  }
  primary = new Redis({ port, host: '127.0.0.1' });
  const client = primary;
  return {
    primary: client,
    async attachReplica() {
      const replicaPort = await freePort();
      replica = server(replicaPort, ['--replicaof', '127.0.0.1', String(port)]);
      await waitUntil(
        async () => /^slave0:.*state=online/m.test(await client.info('replication')),
        10_000,
        'the replica to sync',
      );
    },
    pauseReplica: () => replica?.kill('SIGSTOP'),
    resumeReplica: () => replica?.kill('SIGCONT'),
    close,
  };
}
