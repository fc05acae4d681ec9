import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProviderError, TransportError } from '../../src/errors.js';
import { systemClock } from '../../src/lib/clock.js';
import { createHttpSend, type HttpRequest, type HttpResponse } from '../../src/providers/http.js';
import type { CallRecord } from '../../src/providers/types.js';
import { createZenlayerClient } from '../../src/providers/zenlayer/client.js';
import { mayHaveActed } from '../../src/providers/zenlayer/parse-response.js';
import { fastRetry } from '../fakes/zenlayer/harness.js';
import {
  FAKE_ACCESS_KEY_ID,
  FAKE_ACCESS_KEY_PASSWORD,
  type FakeZenlayer,
  startFakeZenlayer,
} from '../fakes/zenlayer/server.js';

const creds = { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeyPassword: FAKE_ACCESS_KEY_PASSWORD };

describe('zenlayer client against the fake bmc API', () => {
  let fake: FakeZenlayer | undefined;
  const http = createHttpSend({ timeoutMs: 3000 });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  afterAll(() => http.close());

  const wired = async (options: { password?: string; now?: () => number } = {}) => {
    fake = await startFakeZenlayer({ machines: [{ id: '1000000000000000001', name: 'web-1' }] });
    const sent: HttpRequest[] = [];
    const client = createZenlayerClient({
      endpoint: fake.url,
      credentials: { ...creds, accessKeyPassword: options.password ?? creds.accessKeyPassword },
      clock: systemClock,
      now: options.now,
      send: (req) => {
        sent.push(req);
        return http(req);
      },
      retry: fastRetry,
    });
    return { fake, client, sent };
  };

  it('sends the documented headers and signs the Host with its port', async () => {
    const { fake, client, sent } = await wired();
    const res = await client.call('DescribeInstances', { instanceIds: ['1000000000000000001'] });
    expect(res['dataSet']).toEqual([expect.objectContaining({ instanceId: '1000000000000000001' })]);
    const [req] = sent;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(`${fake.url}/api/v2/bmc`);
    expect(req?.body).toBe('{"instanceIds":["1000000000000000001"]}');
    expect(req?.headers).toMatchObject({
      'Content-Type': 'application/json',
      Host: new URL(fake.url).host,
      'X-ZC-Action': 'DescribeInstances',
      'X-ZC-Version': '2026-02-01',
      'X-ZC-Signature-Method': 'ZC2-HMAC-SHA256',
    });
    expect(new URL(fake.url).host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(Math.abs(Number(req?.headers['X-ZC-Timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(req?.headers['Authorization']).toMatch(
      new RegExp(
        `^ZC2-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(fake.authFailures()).toBe(0);
  });

  it('signs every attempt afresh', async () => {
    let t = Date.now();
    const { fake, client, sent } = await wired({ now: () => (t += 1500) });
    fake.throttleNext(2);
    await client.call('StopInstances', { instanceIds: ['1000000000000000001'] });
    const stamps = sent.map((r) => r.headers['X-ZC-Timestamp']);
    expect(new Set(stamps).size).toBe(3);
    expect(new Set(sent.map((r) => r.headers['Authorization'])).size).toBe(3);
    expect(fake.stopsActedOn('1000000000000000001')).toBe(1);
  });

  it('a wrong password is refused, not retried, and never echoed', async () => {
    const { fake, client, sent } = await wired({ password: 'not-the-password' });
    const err = await client.call('DescribeInstances', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ providerCode: 'SIGNATURE_MISMATCH', httpStatus: 401, retryable: false });
    expect(String((err as Error).message)).not.toMatch(/not-the-password|Signature=/);
    expect(sent).toHaveLength(1);
    expect(fake.authFailures()).toBe(1);
  });

  it('the fake rejects a timestamp more than 300 s off', async () => {
    const { client } = await wired({ now: () => Date.now() - 301_000 });
    await expect(client.call('DescribeInstances', {})).rejects.toMatchObject({
      providerCode: 'REQUEST_EXPIRED',
    });
  });
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const html = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=UTF-8', ...headers },
  body: '<!DOCTYPE html><html><body>nope</body></html>',
});
const okBody = json(200, { requestId: 'T-OK', response: { requestId: 'T-OK', totalCount: 0, dataSet: [] } });

/** An HttpSend that answers from a script (a seam, not a patch), recording each request. */
function scripted(...answers: (HttpResponse | Error)[]) {
  const calls: CallRecord[] = [];
  let sent = 0;
  const client = createZenlayerClient({
    endpoint: 'https://console.zenlayer.com',
    credentials: creds,
    clock: systemClock,
    retry: fastRetry,
    observe: (_p, c) => calls.push(c),
    send: async () => {
      const next = answers[sent++];
      if (!next) throw new Error('script ran out');
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { client, calls, sent: () => sent };
}

describe('zenlayer client: errors', () => {
  it('parses an error body into a ProviderError with a normalised code', async () => {
    const s = scripted(
      json(404, {
        requestId: 'TERR-1',
        code: 'Invalid.Instance.Not.Found',
        message: 'Instance does not exist.',
      }),
    );
    const err = await s.client.call('StopInstances', { instanceIds: ['x'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      provider: 'zenlayer',
      providerCode: 'INVALID_INSTANCE_NOT_FOUND',
      httpStatus: 404,
      requestId: 'TERR-1',
      retryable: false,
      message: 'Instance does not exist.',
    });
    expect(mayHaveActed(err)).toBe(false);
    expect(s.sent()).toBe(1);
    expect(s.calls).toEqual([
      {
        operation: 'StopInstances',
        ok: false,
        code: 'INVALID_INSTANCE_NOT_FOUND',
        requestId: 'TERR-1',
        ms: expect.any(Number),
      },
    ]);
  });

  it.each([
    ['edge challenge', html(403, { 'cf-mitigated': 'challenge' }), 'EDGE_CHALLENGE'],
    ['security policy', html(451), 'BLOCKED_BY_SECURITY_POLICY'],
    ['other non-JSON 4xx', html(400), 'HTTP_400'],
    ['200 without envelope', html(200), 'INVALID_RESPONSE'],
  ])('names a non-API answer clearly: %s', async (_n, answer, code) => {
    const s = scripted(answer);
    await expect(s.client.call('StopInstances', { instanceIds: ['x'] })).rejects.toMatchObject({
      providerCode: code,
    });
  });

  it.each([
    ['HTML 502', html(502)],
    [
      'SERVICE_TEMPORARY_UNAVAILABLE',
      json(503, { requestId: 'T', code: 'SERVICE_TEMPORARY_UNAVAILABLE', message: '' }),
    ],
    ['INTERNAL_SERVER_ERROR', json(500, { requestId: 'T', code: 'INTERNAL_SERVER_ERROR', message: '' })],
    ['REQUEST_TIMED_OUT', json(504, { requestId: 'T', code: 'REQUEST_TIMED_OUT', message: '' })],
    ['429', json(429, { requestId: 'T', code: 'REQUEST_LIMIT_EXCEEDED', message: '' })],
    [
      'a reset',
      new TransportError('network', 'network error (ECONNRESET) calling https://console.zenlayer.com'),
    ],
    ['a timeout', new TransportError('timeout', 'timed out calling https://console.zenlayer.com')],
  ])('retries a read after %s', async (_n, first) => {
    const s = scripted(first, okBody);
    expect(await s.client.call('DescribeInstances', {})).toMatchObject({ totalCount: 0 });
    expect(s.sent()).toBe(2);
    expect(s.calls.map((c) => c.ok)).toEqual([false, true]);
  });

  it.each([
    [
      'INTERNAL_SERVER_ERROR',
      json(500, { requestId: 'T', code: 'INTERNAL_SERVER_ERROR', message: 'x' }),
      'INTERNAL_SERVER_ERROR',
    ],
    ['HTML 502', html(502), 'HTTP_502'],
    ['a reset', new TransportError('network', 'network error (ECONNRESET) calling x'), 'NETWORK_ERROR'],
    ['a timeout', new TransportError('timeout', 'timed out calling x'), 'NETWORK_TIMEOUT'],
  ])('does not retry a StopInstances that may have acted: %s', async (_n, first, code) => {
    const s = scripted(first, okBody);
    const err = await s.client.call('StopInstances', { instanceIds: ['x'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ providerCode: code, retryable: false });
    expect(mayHaveActed(err)).toBe(true);
    expect(s.sent()).toBe(1);
  });

  it('retries a throttled StopInstances: it was refused, not carried out', async () => {
    const s = scripted(json(429, { requestId: 'T', code: 'REQUEST_LIMIT_EXCEEDED', message: '' }), okBody);
    await s.client.call('StopInstances', { instanceIds: ['x'] });
    expect(s.sent()).toBe(2);
  });
});
