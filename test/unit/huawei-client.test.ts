import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { createHttpSend, type HttpRequest } from '../../src/providers/http.js';
import { createHuaweiClient, type HuaweiClient } from '../../src/providers/huawei/client.js';
import { isRetryable, stopOutcomeUnknown } from '../../src/providers/huawei/errors.js';
import type { CallRecord } from '../../src/providers/types.js';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { TEST_AK, TEST_PROJECT, TEST_SK } from '../fakes/huawei/rig.js';
import { startFakeEcs } from '../fakes/huawei/server.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { rejection } from '../helpers/rejection.js';

const setup = closeAfterEach(async (now: () => Date = () => new Date()) => {
  const fake = await startFakeEcs({
    ak: TEST_AK,
    sk: TEST_SK,
    projectId: TEST_PROJECT,
    servers: Array.from({ length: 5 }, (_, i) => ({
      id: sid(i),
      name: `srv-${i}`,
      state: 'running' as const,
    })),
    stopDelayMs: 100,
    holdMs: 500,
  });
  const http = createHttpSend({ timeoutMs: 200 });
  const sent: HttpRequest[] = [];
  const calls: CallRecord[] = [];
  const client: HuaweiClient = createHuaweiClient({
    endpoint: fake.url,
    projectId: TEST_PROJECT,
    credentials: { ak: TEST_AK, sk: TEST_SK },
    send: (req) => {
      sent.push(req);
      return http(req);
    },
    clock: systemClock,
    now,
    observe: (c) => calls.push(c),
  });
  const close = async () => {
    await http.close();
    await fake.close();
  };
  return { fake, client, sent, calls, close };
});

describe('Huawei ECS client', () => {
  it('sends the signed headers, signing each call with its own X-Sdk-Date', async () => {
    const dates = [new Date('2030-01-01T00:00:00Z'), new Date()];
    const { client, sent, fake: f } = await setup(() => dates.shift() ?? new Date());
    await expect(client.listDetailsByIds([sid(0)])).rejects.toMatchObject({ providerCode: 'APIGW.0301' });
    const [detail] = await client.listDetailsByIds([sid(0)]);
    expect(detail).toMatchObject({ id: sid(0), name: 'srv-0', status: 'ACTIVE', taskState: null });
    const req = sent[1];
    expect(req?.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Project-Id': TEST_PROJECT,
      Host: new URL(f.url).host,
    });
    expect(req?.headers['X-Sdk-Date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req?.headers['X-Sdk-Date']).not.toBe(sent[0]?.headers['X-Sdk-Date']);
    expect(req?.headers['Authorization']).toMatch(
      new RegExp(
        `^SDK-HMAC-SHA256 Access=${TEST_AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(req?.url).toContain('server_id=');
  });

  it('pages with offset (page number) and marker', async () => {
    const { client } = await setup();
    const byOffset = await client.listAll({ limit: 2, offset: 2 });
    expect(byOffset.servers.map((s) => s.id)).toEqual([sid(2), sid(3)]);
    expect(byOffset.count).toBe(5);
    const byMarker = await client.listAll({ limit: 2, marker: sid(3) });
    expect(byMarker.servers.map((s) => s.id)).toEqual([sid(4)]);
  });

  it('shows unknown IDs as null-filled entries and refuses over-long calls before sending', async () => {
    const { client, sent } = await setup();
    const [gone] = await client.listDetailsByIds([sid(77)]);
    expect(gone).toMatchObject({ id: sid(77), name: null, status: null });
    await expect(client.listDetailsByIds(Array.from({ length: 101 }, (_, i) => sid(i)))).rejects.toThrow(
      RangeError,
    );
    await expect(
      client.batchStop(
        Array.from({ length: 1001 }, (_, i) => sid(i)),
        'SOFT',
      ),
    ).rejects.toThrow(RangeError);
    expect(sent).toHaveLength(1);
  });

  it('maps transport trouble and non-JSON replies to clear codes, retryable only for reads', async () => {
    const { client, fake: f, calls } = await setup();
    f.faults.script({ when: 'before', kind: 'timeout' });
    expect(await rejection(client.showJob('abc'))).toMatchObject({
      providerCode: 'TIMEOUT',
      retryable: true,
    });
    f.faults.script({ when: 'before', kind: 'reset' });
    expect(await rejection(client.batchStop([sid(0)], 'SOFT'))).toMatchObject({
      providerCode: 'NETWORK',
      retryable: false,
    });
    f.faults.script({ when: 'before', kind: 'html' });
    const html = await rejection(client.listAll());
    expect(html).toMatchObject({ providerCode: 'HTTP_502', httpStatus: 502, retryable: true });
    expect(html.message).toContain('non-JSON');
    f.faults.script({ when: 'before', kind: '429' });
    expect(await rejection(client.batchStop([sid(0)], 'SOFT'))).toMatchObject({
      providerCode: 'APIGW.0308',
      retryable: true,
    });
    expect(calls.map((c) => [c.operation, c.ok, c.code])).toEqual([
      ['ShowJob', false, 'TIMEOUT'],
      ['BatchStopServers', false, 'NETWORK'],
      ['ListServersDetails', false, 'HTTP_502'],
      ['BatchStopServers', false, 'APIGW.0308'],
    ]);
    expect(calls.every((c) => c.ms >= 0)).toBe(true);
  });

  it('classifies codes per spec: throttling retried, a stop that may have acted never', () => {
    for (const code of ['APIGW.0308', 'APIG.0308', 'Common.1503', 'Common.0024', 'Ecs.0603']) {
      expect(isRetryable('BatchStopServers', 400, code)).toBe(true);
    }
    for (const code of ['Ecs.1000', 'Ecs.1002', 'Common.0021', 'Common.0025', 'Common.0001']) {
      expect(isRetryable('ShowJob', code === 'Common.0001' ? 500 : 400, code)).toBe(true);
    }
    expect(isRetryable('BatchStopServers', 500, 'Common.0001')).toBe(false);
    expect(isRetryable('BatchStopServers', 400, 'Ecs.1001')).toBe(false);
    expect(isRetryable('ListServersDetails', 401, 'APIGW.0301')).toBe(false);
    expect(isRetryable('ListServersDetails', 429, 'HTTP_429')).toBe(true);
    expect(stopOutcomeUnknown(new Error('anything'))).toBe(true);
  });
});
