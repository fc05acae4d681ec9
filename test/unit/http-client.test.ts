import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackFetch } from '../../src/bot/slack-fetch.js';
import { TransportError } from '../../src/errors.js';
import { createHttpClient } from '../../src/lib/http-client.js';
import { createHttpSend } from '../../src/providers/http.js';

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s?.listening) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});

/** Echoes method, path, body and one header; /slow never answers; /two sets a repeated header. */
async function start(): Promise<string> {
  const sockets = new Set<unknown>();
  server = createServer((req, res) => {
    sockets.add(req.socket);
    if (req.url === '/slow') return;
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
      if (req.url === '/two') headers['x-twice'] = ['a', 'b'];
      res.writeHead(req.url === '/missing' ? 404 : 200, headers);
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          body,
          seen: req.headers['x-test'],
          sockets: sockets.size,
        }),
      );
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('http client (undici pool per endpoint, keep-alive)', () => {
  it('sends method, headers and body, reads status, headers and the whole body, reusing the connection', async () => {
    const url = await start();
    const client = createHttpClient({ connections: 1 });
    const a = await client.send({
      method: 'POST',
      url: `${url}/x?q=1`,
      headers: { 'x-test': 'yes' },
      body: 'héllo',
    });
    const b = await client.send({ method: 'GET', url: `${url}/two` });
    await client.close();
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body.toString('utf8'))).toMatchObject({
      method: 'POST',
      url: '/x?q=1',
      body: 'héllo',
      seen: 'yes',
    });
    expect(b.headers['x-twice']).toBe('a, b');
    expect(JSON.parse(b.body.toString('utf8')).sockets).toBe(1);
  });

  it('bounds the connections per endpoint: 6 requests at once on a pool of 2 open 2 sockets', async () => {
    const url = await start();
    const client = createHttpClient({ connections: 2 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.send({ method: 'POST', url: `${url}/n`, body: String(i) })),
    );
    const last = await client.send({ method: 'GET', url: `${url}/n` });
    await client.close();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(JSON.parse(last.body.toString('utf8')).sockets).toBe(2);
  });

  it('a request that names no deadline still has one: the client default, reported as TimeoutError', async () => {
    const url = await start();
    const client = createHttpClient({ timeoutMs: 150 });
    const started = Date.now();
    const err = await client.send({ method: 'GET', url: `${url}/slow` }).catch((e: unknown) => e);
    await client.close();
    expect((err as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a closed client refuses new requests', async () => {
    const url = await start();
    const client = createHttpClient();
    await client.close();
    await expect(client.send({ method: 'GET', url })).rejects.toThrow(/closed/);
  });

  it('the provider sender turns a deadline into a timeout TransportError that names only the origin', async () => {
    const url = await start();
    const send = createHttpSend({ timeoutMs: 150 });
    const err = await send({
      method: 'GET',
      url: `${url}/slow`,
      headers: { authorization: 'secret-token' },
    }).catch((e: unknown) => e);
    await send.close();
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('timeout');
    expect((err as Error).message).toBe(`timed out calling ${url}`);
  });

  it('the provider sender reports a refused connection as a network TransportError', async () => {
    const url = await start();
    const s = server;
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
    const send = createHttpSend({ timeoutMs: 1000 });
    const err = await send({ method: 'GET', url, headers: {} }).catch((e: unknown) => e);
    await send.close();
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('network');
  });

  it('the Slack fetch answers like fetch for what the Web API client reads', async () => {
    const url = await start();
    const fetch = createSlackFetch();
    const ok = await fetch(`${url}/api/chat.postMessage`, {
      method: 'POST',
      body: 'a=1',
      headers: { 'x-test': 't' },
    });
    const missing = await fetch(`${url}/missing`);
    await fetch.close();
    expect(ok.ok).toBe(true);
    expect(ok.headers.get('Content-Type')).toBe('application/json');
    expect(await ok.json()).toMatchObject({ body: 'a=1', seen: 't', url: '/api/chat.postMessage' });
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(JSON.parse(await missing.text()).url).toBe('/missing');
  });
});
