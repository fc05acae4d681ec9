import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { waitUntil } from './wait-until.js';

/** A moto_server (the public AWS emulator) on a free loopback port, for one test file. */
export interface Moto {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Forget every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const MOTO_MISSING =
  'moto_server is not on PATH: the AWS EC2 tests run against it. Install it (the Python package "moto[server]") and run again.';

export function motoAvailable(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/moto-api/data.json`);
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Start moto_server and wait until it answers; fails with a clear message when it is not installed. */
export async function startMoto(): Promise<Moto> {
  if (!motoAvailable()) throw new Error(MOTO_MISSING);
  let child: ChildProcess | undefined;
  let url = '';
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const started = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    try {
      await waitUntil(async () => exited || (await answers(url)), 20_000, 'moto_server to answer');
    } catch (err) {
      started.kill('SIGKILL');
      throw err;
    }
    // Exited at once: most likely the port was taken in between; try another.
    if (!exited) child = started;
  }
  if (!child) throw new Error('moto_server did not start');
  const proc = child;
  return {
    url,
    reset: async () => {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
    },
    stop: async () => {
      if (proc.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}
