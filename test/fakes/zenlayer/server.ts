import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BatchSemantics } from './actions.js';
import { errorReply, type Reply, type StopCounters } from './actions.js';
import { dispatch, readBody } from './dispatch.js';
import {
  createFaultPicker,
  DEFAULT_HANG_MS,
  type FaultKind,
  type FaultOptions,
  type FaultPicker,
} from './faults.js';
import { type FakeMachineSeed, MachineStore } from './machines.js';
import { verifyZc2 } from './verify-signature.js';

export const FAKE_ACCESS_KEY_ID = 'ZLFAKEAKID0000000001';
export const FAKE_ACCESS_KEY_PASSWORD = 'zl-fake-password-NOT-REAL';

export interface FakeZenlayerOptions {
  machines: readonly FakeMachineSeed[];
  /** Access key ID → password; default the FAKE_* pair. */
  credentials?: Record<string, string>;
  stopDelayMs?: number;
  latencyMs?: number;
  faults?: FaultOptions;
  /** DescribeInstances answers 404 for unknown IDs instead of leaving them out. */
  strictDescribeIds?: boolean;
  /** How a StopInstances or StartInstances batch with a bad ID is answered (unconfirmed in the spec: both modelled). */
  batchSemantics?: BatchSemantics;
  /** Server wall clock in ms (signature timestamps, state changes). */
  now?: () => number;
  /** Every answer is an error whose message echoes the request's headers (as some gateways do). */
  echoHeaders?: boolean;
}

export interface FakeZenlayer {
  /** Base URL to use as the provider's endpoint, e.g. http://127.0.0.1:4321. */
  readonly url: string;
  /** Requests received, for one action or all. */
  calls(action?: string): number;
  /** Requests refused for their signature, key or timestamp. */
  authFailures(): number;
  stopRequestsFor(id: string): number;
  startRequestsFor(id: string): number;
  startsActedOn(id: string): number;
  stopsActedOn(id: string): number;
  statusOf(id: string): string | undefined;
  setStatus(id: string, status: string): void;
  throttleNext(n: number): void;
  /** Faults injected so far (queued and random), by kind. */
  faultsInjected(): Partial<Record<FaultKind, number>>;
  /**
   * The next `n` requests (after the signature check) get this fault; with `action`, the
   * next `n` requests for that action only (others pass by untouched).
   */
  injectNext(kind: FaultKind, n?: number, action?: string): void;
  setFaults(faults: FaultOptions | undefined): void;
  /**
   * From now on, every DescribeInstances naming this instance answers 500 (a backend fault tied
   * to one record); reads that do not name it are answered as usual.
   */
  failDescribesNaming(id: string): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const VERSIONS = new Set(['2026-02-01', '2022-11-20']);

export async function startFakeZenlayer(options: FakeZenlayerOptions): Promise<FakeZenlayer> {
  const now = options.now ?? Date.now;
  const store = new MachineStore(options.machines, options.stopDelayMs ?? 100, now);
  const keys = options.credentials ?? { [FAKE_ACCESS_KEY_ID]: FAKE_ACCESS_KEY_PASSWORD };
  const counters: StopCounters = {
    requested: new Map(),
    acted: new Map(),
    startRequested: new Map(),
    startActed: new Map(),
  };
  const calls = new Map<string, number>();
  let total = 0;
  let authFailures = 0;
  let throttle = 0;
  let latencyMs = options.latencyMs ?? 0;
  let faults: FaultPicker | undefined = options.faults && createFaultPicker(options.faults);
  let seq = 0;
  const queued: { kind: FaultKind; action?: string }[] = [];
  const takeQueued = (action: string): FaultKind | undefined => {
    const i = queued.findIndex((q) => q.action === undefined || q.action === action);
    return i < 0 ? undefined : queued.splice(i, 1)[0]?.kind;
  };
  const injected: Partial<Record<FaultKind, number>> = {};
  const brokenRecords = new Set<string>();
  const namesBroken = (body: Buffer): boolean => {
    try {
      const ids = (JSON.parse(body.toString('utf8')) as { instanceIds?: unknown } | null)?.instanceIds;
      return Array.isArray(ids) && ids.some((id) => brokenRecords.has(String(id)));
    } catch (err) {
      if (err instanceof SyntaxError) return false;
      throw err;
    }
  };
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, reply: Reply) => {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(reply.body));
  };
  const later = (ms: number, fn: () => void) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
        resolve();
      }, ms);
      timers.add(t);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const action = String(req.headers['x-zc-action'] ?? '');
    total++;
    calls.set(action, (calls.get(action) ?? 0) + 1);
    const rid = `T${(++seq).toString(16).padStart(8, '0').toUpperCase()}-FAKE`;
    if (options.echoHeaders) {
      const echoed = `Authorization: ${String(req.headers.authorization)}\n${JSON.stringify(req.headers)}`;
      return send(res, errorReply(400, rid, 'INVALID_PARAMETER', `Bad request. You sent:\n${echoed}`));
    }
    if (req.method !== 'POST' || req.url !== '/api/v2/bmc') {
      return send(res, errorReply(404, rid, 'INVALID_URL', 'POST /api/v2/bmc only'));
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, errorReply(400, rid, 'INVALID_CONTENT_TYPE', 'JSON bodies only'));
    }
    const verdict = verifyZc2(req.headers, body, (id) => keys[id], Math.floor(now() / 1000));
    if (!verdict.ok) {
      authFailures++;
      return send(res, errorReply(401, rid, verdict.code, verdict.message));
    }
    if (
      !VERSIONS.has(String(req.headers['x-zc-version'])) ||
      req.headers['x-zc-signature-method'] !== 'ZC2-HMAC-SHA256'
    ) {
      return send(res, errorReply(400, rid, 'INVALID_PARAMETER', 'X-ZC-Version or X-ZC-Signature-Method'));
    }
    if (latencyMs > 0) await later(latencyMs, () => undefined);
    if (throttle > 0) {
      throttle--;
      return send(res, errorReply(429, rid, 'REQUEST_LIMIT_EXCEEDED', 'Request limit exceeded.'));
    }
    const fault: FaultKind | undefined = takeQueued(action) ?? faults?.next();
    if (fault) injected[fault] = (injected[fault] ?? 0) + 1;
    if (fault === '429')
      return send(res, errorReply(429, rid, 'REQUEST_LIMIT_EXCEEDED', 'Request limit exceeded.'));
    if (fault === '500') return send(res, errorReply(500, rid, 'INTERNAL_SERVER_ERROR', 'Internal error.'));
    if (action === 'DescribeInstances' && namesBroken(body))
      return send(res, errorReply(500, rid, 'INTERNAL_SERVER_ERROR', 'Internal error.'));
    if (fault === 'html') {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    const reply = dispatch(
      { store, counters, strictIds: options.strictDescribeIds, batchSemantics: options.batchSemantics },
      action,
      body,
      rid,
    );
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'timeout') return later(faults?.hangMs ?? DEFAULT_HANG_MS, () => req.socket.destroy());
    send(res, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake crashed: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls: (action) => (action === undefined ? total : (calls.get(action) ?? 0)),
    authFailures: () => authFailures,
    stopRequestsFor: (id) => counters.requested.get(id) ?? 0,
    startRequestsFor: (id) => counters.startRequested.get(id) ?? 0,
    startsActedOn: (id) => counters.startActed.get(id) ?? 0,
    stopsActedOn: (id) => counters.acted.get(id) ?? 0,
    statusOf: (id) => store.get(id)?.status,
    setStatus: (id, status) => store.setStatus(id, status),
    throttleNext: (n) => {
      throttle += n;
    },
    faultsInjected: () => ({ ...injected }),
    injectNext: (kind, n = 1, action) => {
      for (let i = 0; i < n; i++) queued.push({ kind, action });
    },
    failDescribesNaming: (id) => {
      brokenRecords.add(id);
    },
    setFaults: (f) => {
      faults = f && createFaultPicker(f);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
