import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { BOT_TOKEN, baseConfig, SIGNING_SECRET } from '../helpers/bot-harness.js';
import { spawnReplicaProcess } from '../helpers/replicas.js';

/**
 * Finding 2: unsigned bodies that are large and stall. The bot runs in its own
 * process (in-memory state), so its resident memory can be read from /proc.
 */
const CONNECTIONS = 200;
const DECLARED = 1024 * 1024;
const SENT = 700 * 1024;
/** The receiver's body time limit (5 s) plus Node's 1 s check interval and room for a loaded machine. */
const CLOSE_WITHIN_MS = 9_000;
const RSS_GROWTH_BOUND = 60 * 1024 * 1024;

let slack: FakeSlack;
let child: ChildProcess;
let port: number;
let dir: string;

const rss = (): number => {
  const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
};

beforeAll(async () => {
  slack = await startFakeSlack({});
  dir = mkdtempSync(join(tmpdir(), 'stopbot-slow-body-'));
  const config = join(dir, 'stopbot.yml');
  writeFileSync(
    config,
    stringify({
      ...baseConfig({ providers: { sandbox: { machines: [{ id: 'sbx-1', name: 'vm-1' }] } } }),
      log: { level: 'info' },
    }),
  );
  const started = spawnReplicaProcess({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    STOPBOT_CONFIG: config,
  });
  child = started.child;
  const ready = await started.ready;
  if (typeof ready !== 'number') throw new Error(`the bot did not start: ${ready.stderr}`);
  port = ready;
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
  await slack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Headers for a 1 MB form body, then 700 kB of it, then nothing: the connection stalls. */
function stallingBody(): { socket: Socket; closed: Promise<number> } {
  const socket = connect({ host: '127.0.0.1', port });
  const started = Date.now();
  // Read what the bot answers, as any client does: a socket never read never sees the close.
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.on('connect', () => {
    socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${DECLARED}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(SENT, 'a'));
  });
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  return { socket, closed };
}

async function health(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  await res.arrayBuffer();
  return res.status;
}

describe('finding 2: large, slow, unsigned bodies', () => {
  it('a declared Content-Length over 1 MB is refused before any body is read', async () => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${50 * DECLARED}\r\n\r\n`,
    );
    let answer = '';
    socket.on('data', (c: Buffer) => {
      answer += c.toString('utf8');
    });
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it(`${CONNECTIONS} stalled 1 MB bodies: memory stays bounded, every socket is closed within the time limit, the bot still answers`, async () => {
    expect(await health()).toBe(200);
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss());
    }, 50);
    try {
      const bodies = Array.from({ length: CONNECTIONS }, stallingBody);
      const deadline = new Promise<'deadline'>((resolve) =>
        setTimeout(() => resolve('deadline'), CLOSE_WITHIN_MS + 1_000).unref(),
      );
      const all = Promise.all(bodies.map((b) => b.closed));
      const outcome = await Promise.race([all, deadline]);
      for (const b of bodies) b.socket.destroy();
      expect(outcome, 'every stalled socket was closed by the bot').not.toBe('deadline');
      const times = outcome as number[];
      expect(Math.max(...times)).toBeLessThan(CLOSE_WITHIN_MS);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rss());
    expect(peak - before, `RSS grew from ${before} to ${peak}`).toBeLessThan(RSS_GROWTH_BOUND);
    expect(await health()).toBe(200);
  }, 30_000);
});
