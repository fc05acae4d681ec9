import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import popCore from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../src/errors.js';
import { systemClock } from '../../src/lib/clock.js';
import { createRoaClient } from '../../src/providers/alibaba/roa-client.js';
import type { CallRecord } from '../../src/providers/types.js';
import { appId, REGION, TEST_KEY_ID, TEST_SECRET } from '../fakes/alibaba/harness.js';
import { startFakeSae } from '../fakes/alibaba/server.js';
import { hmacSha1, stringToSign } from '../fakes/alibaba/signature.js';
import { readProviderVectors } from '../helpers/provider-vectors.js';

const vectorSchema = z.object({
  name: z.string(),
  input: z.object({
    method: z.enum(['GET', 'PUT']),
    pathname: z.string(),
    query: z.record(z.string(), z.union([z.string(), z.number()])),
    accessKeyId: z.string(),
    accessKeySecret: z.string(),
    date: z.string(),
    nonce: z.string(),
    extraHeaders: z.object({ 'x-acs-region-id': z.string() }),
  }),
  request: z.object({ rawQueryOnWire: z.string(), headers: z.record(z.string(), z.string()) }),
  stringToSign: z.string(),
  signature: z.string(),
  authorization: z.string(),
  clientReturned: z.object({ Data: z.unknown() }).passthrough(),
});
const fileSchema = z.object({
  vectors: z.array(vectorSchema).min(5),
  errorBehaviour: z.array(
    z.object({
      case: z.string(),
      serverReplied: z.object({ status: z.number(), contentType: z.string(), body: z.string() }),
    }),
  ),
});
const file = fileSchema.parse(readProviderVectors('alibaba'));

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}
interface Canned {
  status: number;
  contentType: string;
  body: string;
  delayMs?: number;
}

/** A loopback server that records what it got and answers whatever the test set. */
function startRecorder() {
  const seen: Recorded[] = [];
  let reply: Canned = { status: 200, contentType: 'application/json', body: '{}' };
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    const { status, contentType, body, delayMs } = reply;
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    };
    if (delayMs) setTimeout(answer, delayMs).unref();
    else answer();
  });
  return {
    seen,
    set: (r: Canned) => {
      reply = r;
    },
    listen: () =>
      new Promise<string>((ok) =>
        server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

const recorder = startRecorder();
let base = '';
beforeAll(async () => {
  base = await recorder.listen();
});
afterAll(() => recorder.close());

describe('ROA signing (pop-core through our wrapper) matches every vector', () => {
  for (const v of file.vectors) {
    it(v.name, async () => {
      const calls: CallRecord[] = [];
      const client = createRoaClient({
        accessKeyId: v.input.accessKeyId,
        accessKeySecret: v.input.accessKeySecret,
        endpoint: base,
        regionId: v.input.extraHeaders['x-acs-region-id'],
        timeoutMs: 2000,
        clock: systemClock,
        observe: (_p, c) => calls.push(c),
      });
      recorder.set({
        status: 200,
        contentType: 'application/json;charset=utf-8',
        body: JSON.stringify(v.clientReturned),
      });
      const query = Object.fromEntries(Object.entries(v.input.query).map(([k, val]) => [k, String(val)]));
      const reply = await client.call({
        operation: v.name,
        method: v.input.method,
        path: v.input.pathname,
        query,
        mayAct: v.input.method === 'PUT',
        headers: { date: v.input.date, 'x-acs-signature-nonce': v.input.nonce },
      });
      client.close();
      const got = recorder.seen.at(-1);
      expect(got?.headers.authorization).toBe(v.authorization);
      expect(got?.method).toBe(v.input.method);
      expect(got?.url).toBe(`${v.input.pathname}?${v.request.rawQueryOnWire}`);
      for (const [name, value] of Object.entries(v.request.headers)) {
        if (!value.startsWith('<varies')) expect(got?.headers[name], name).toBe(value);
      }
      expect(reply.Data).toEqual(v.clientReturned.Data);
      expect(calls).toEqual([
        { operation: v.name, ok: true, requestId: v.clientReturned.RequestId, ms: expect.any(Number) },
      ]);
      // The fake's own verifier, written from the spec, agrees on the string-to-sign and the signature.
      const [path = '', rawQuery = ''] = (got?.url ?? '').split('?');
      const sts = stringToSign({
        method: v.input.method,
        path,
        rawQuery,
        headers: got?.headers ?? {},
        body: '',
      });
      expect(sts).toBe(v.stringToSign);
      expect(hmacSha1(v.input.accessKeySecret, sts)).toBe(v.signature);
    });
  }
});

/** What each pop-core outcome (spec §4.1) must become, for a read and for a stop. */
const expected: Record<
  string,
  { code: string; read: boolean; stop: boolean; status?: number; requestId?: string }
> = {
  'HTTP 400 JSON business error': {
    code: 'Application.ChangerOrderRunning',
    read: true,
    stop: true,
    status: 400,
    requestId: 'E1A2B3C4-0000-0000-0000-000000000001',
  },
  'HTTP 400 JSON gateway throttling': {
    code: 'Throttling.User',
    read: true,
    stop: true,
    status: 400,
    requestId: '9736ED45-A72D-5D19-8029-7B9543910000',
  },
  'HTTP 200 JSON with Success=false': {
    code: 'UnsuccessfulResponse',
    read: false,
    stop: false,
    requestId: 'E1A2B3C4-0000-0000-0000-000000000003',
  },
  'HTTP 503 non-JSON body': { code: 'NonJsonResponse', read: true, stop: false },
  'HTTP 400 XML error': { code: 'SignatureDoesNotMatch', read: false, stop: false },
  'Read timeout': { code: 'RequestTimeout', read: true, stop: false },
};

const extraCases = [
  { name: 'NotDeployYet', code: 'Application.NotDeployYet', status: 400, read: false, stop: false },
  { name: 'InvalidStatus', code: 'Application.InvalidStatus', status: 400, read: true, stop: true },
  { name: 'System.Upgrading', code: 'System.Upgrading', status: 400, read: true, stop: true },
  { name: 'InternalError', code: 'InternalError', status: 500, read: true, stop: true },
  { name: 'Forbidden.RAM', code: 'Forbidden.RAM', status: 403, read: false, stop: false },
];

async function callBoth(mayAct: boolean): Promise<unknown> {
  const client = createRoaClient({
    accessKeyId: TEST_KEY_ID,
    accessKeySecret: TEST_SECRET,
    endpoint: base,
    regionId: REGION,
    timeoutMs: 300,
    clock: systemClock,
  });
  try {
    await client.call({
      operation: mayAct ? 'StopApplication' : 'DescribeApplicationStatus',
      method: mayAct ? 'PUT' : 'GET',
      path: mayAct ? '/pop/v1/sam/app/stopApplication' : '/pop/v1/sam/app/describeApplicationStatus',
      query: { AppId: appId(1) },
      mayAct,
    });
    return undefined;
  } catch (err) {
    return err;
  } finally {
    client.close();
  }
}

function expectMapped(
  err: unknown,
  want: { code: string; retryable: boolean; status?: number; requestId?: string },
) {
  expect(err).toBeInstanceOf(ProviderError);
  const e = err as ProviderError;
  expect({
    code: e.providerCode,
    retryable: e.retryable,
    status: e.httpStatus,
    requestId: e.requestId,
  }).toEqual({
    code: want.code,
    retryable: want.retryable,
    status: want.status,
    requestId: want.requestId,
  });
  expect(`${e.message} ${e.describe()}`).not.toContain(TEST_SECRET);
}

describe('errorBehaviour cases map to ProviderError', () => {
  it('covers every case in the vectors file', () => {
    for (const c of file.errorBehaviour) {
      expect(
        Object.keys(expected).some((k) => c.case.startsWith(k)),
        c.case,
      ).toBe(true);
    }
  });

  for (const c of file.errorBehaviour) {
    it(c.case, async () => {
      const want = Object.entries(expected).find(([k]) => c.case.startsWith(k))?.[1];
      if (!want) throw new Error(`no expectation for ${c.case}`);
      const delayMs = c.case.startsWith('Read timeout') ? 1500 : undefined;
      recorder.set({ ...c.serverReplied, delayMs });
      expectMapped(await callBoth(false), {
        code: want.code,
        retryable: want.read,
        status: want.status,
        requestId: want.requestId,
      });
      expectMapped(await callBoth(true), {
        code: want.code,
        retryable: want.stop,
        status: want.status,
        requestId: want.requestId,
      });
    });
  }

  for (const c of extraCases) {
    it(`${c.name}: retryable ${c.stop} for a stop`, async () => {
      const body = JSON.stringify({
        RequestId: 'R-1',
        Code: c.code,
        Message: 'm',
        ErrorCode: c.code,
        Success: false,
      });
      recorder.set({ status: c.status, contentType: 'application/json', body });
      expectMapped(await callBoth(true), {
        code: c.code,
        retryable: c.stop,
        status: c.status,
        requestId: 'R-1',
      });
      expectMapped(await callBoth(false), {
        code: c.code,
        retryable: c.read,
        status: c.status,
        requestId: 'R-1',
      });
    });
  }
});

describe('the fake SAE gateway refuses what the real one would', () => {
  const open = () =>
    startFakeSae({
      region: REGION,
      accounts: { [TEST_KEY_ID]: TEST_SECRET },
      apps: [{ appId: appId(1), appName: 'a', namespaceId: REGION, state: 'running' }],
    });
  const path = '/pop/v1/sam/app/describeApplicationStatus';

  it('rejects a wrong secret, a stale Date, a reused nonce and a missing region header', async () => {
    const fake = await open();
    const rawClient = (secret: string) =>
      new popCore.ROAClient({
        endpoint: fake.url,
        apiVersion: '2019-05-06',
        accessKeyId: TEST_KEY_ID,
        accessKeySecret: secret,
      });
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    const region = { 'x-acs-region-id': REGION };
    const good = rawClient(TEST_SECRET);
    expect(await codeOf(good.get(path, { AppId: appId(1) }, region))).toBe('ok');
    expect(await codeOf(rawClient('wrong').get(path, { AppId: appId(1) }, region))).toBe(
      'SignatureDoesNotMatch',
    );
    const stale = { ...region, date: 'Thu, 01 Jan 2015 00:00:00 GMT' };
    expect(await codeOf(good.get(path, { AppId: appId(1) }, stale))).toBe('InvalidTimeStamp.Expired');
    const pinned = { ...region, 'x-acs-signature-nonce': 'c0ffee00c0ffee00c0ffee00c0ffee00' };
    expect(await codeOf(good.get(path, { AppId: appId(1) }, pinned))).toBe('ok');
    expect(await codeOf(good.get(path, { AppId: appId(1) }, pinned))).toBe('SignatureNonceUsed');
    expect(await codeOf(good.get(path, { AppId: appId(1) }))).toBe('MissingRegionId');
    expect(fake.rejected('SignatureDoesNotMatch')).toBe(1);
    expect(fake.crashes()).toBe(0);
    good.keepAliveAgent.destroy();
    await fake.close();
  });
});
