import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../../src/lib/clock.js';
import { createFaultPicker, type FaultKind, type FaultOptions, type FaultPicker } from './faults.js';
import { Gateway } from './gateway.js';
import { type FakeAppSeed, type OrderHold, type RunningFlag, SaeModel } from './model.js';
import { RateWindow } from './rate-window.js';
import { gatewayError, html503, type Reply, throttled } from './replies.js';
import { ROUTES, type RouteState } from './routes.js';

export interface FakeSaeOptions {
  region: string;
  /** Access key ID → secret. */
  accounts: Record<string, string>;
  /** STS keys: access key ID → the security token each call must carry, signed. */
  securityTokens?: Record<string, string>;
  apps: FakeAppSeed[];
  /** From a stop call to the app being STOPPED. */
  stopDelayMs?: number;
  latencyMs?: number;
  /** Drives stop delays and the rate window (not the Date check, which uses wall time). */
  clock?: Clock;
  /** Per-account calls allowed in `rateWindowMs`; unlimited when left out. */
  callsPerMinute?: number;
  rateWindowMs?: number;
  faults?: FaultOptions;
  /** How long a 'timeout' fault holds its reply; make it longer than the client's timeout. */
  hangMs?: number;
  /**
   * A start naming an app that is already running is refused with
   * Application.InvalidStatus (how SAE answers it is not documented; default: accepted).
   */
  refuseStartOfRunning?: boolean;
  /** Every answer is an error whose message echoes the request's headers (as some gateways do). */
  echoHeaders?: boolean;
  /** How LastChangeOrderRunning reads an order not yet ended (see RunningFlag; default 'not-ended'). */
  lastOrderRunning?: RunningFlag;
  /**
   * After a stop order succeeds, how long the app's instances keep running while it already
   * reads STOPPED (default 0). Spec §5 step 4 confirms a stop only once RunningInstances is 0.
   */
  drainMs?: number;
}

export interface FakeSae {
  url: string;
  /** Calls received for one operation (e.g. 'BatchStopApplications'), or all calls. */
  calls(operation?: string): number;
  /** Stop requests that started a change order for this app (2 means a double stop). */
  stopRequestsFor(appId: string): number;
  startRequestsFor(appId: string): number;
  isStopped(appId: string): boolean;
  /** Running, with no change order in flight. */
  isRunning(appId: string): boolean;
  /** Someone starts the app from the console: a start change order, not counted as our start request. */
  startByHand(appId: string): void;
  /** Calls refused by the per-account rate limit. */
  rateLimited(): number;
  /** Calls refused by the gateway checks, by code (SignatureDoesNotMatch, …). */
  rejected(code: string): number;
  /** Faults injected so far, of one kind or all. */
  faulted(kind?: FaultKind): number;
  /** Requests the fake itself failed on (a bug in the fake or a test): should stay 0. */
  crashes(): number;
  throttleNext(n: number): void;
  /** The next `n` stop calls answer Application.ChangerOrderRunning. */
  changeOrderRunningNext(n: number): void;
  /** The next change order waits for a human (8, 11) or gets stuck (Status 1, SubStatus 1). */
  holdNextOrder(hold: OrderHold): void;
  /** The app's last change order ID, expired or not. */
  lastOrderOf(appId: string): string | undefined;
  /** The order expires: DescribeChangeOrder answers InvalidChangeOrder.NotFound, LastChangeOrderId is empty. */
  forgetOrder(changeOrderId: string): void;
  setLatency(ms: number): void;
  setFaults(faults: FaultOptions | undefined): void;
  /** The next `n` calls (of `operation` only, when given) get this fault, whatever the random faults say. */
  faultNext(kind: FaultKind, n: number, operation?: string): void;
  close(): Promise<void>;
}

/** A fake SAE endpoint on 127.0.0.1 that speaks the ROA wire format and checks every signature. */
export async function startFakeSae(options: FakeSaeOptions): Promise<FakeSae> {
  const clock = options.clock ?? systemClock;
  const state: RouteState = {
    model: new SaeModel(
      options.apps,
      clock,
      options.stopDelayMs ?? 200,
      options.lastOrderRunning,
      options.drainMs,
    ),
    stopRequests: new Map(),
    startRequests: new Map(),
    refuseStartOfRunning: options.refuseStartOfRunning ?? false,
    busyNext: 0,
  };
  const window = options.callsPerMinute
    ? new RateWindow(options.callsPerMinute, options.rateWindowMs ?? 60_000, clock)
    : undefined;
  const gateway = new Gateway({
    region: options.region,
    accounts: options.accounts,
    securityTokens: options.securityTokens,
    window,
  });
  const perOperation = new Map<string, number>();
  const hanging = new Set<NodeJS.Timeout>();
  let total = 0;
  let latencyMs = options.latencyMs ?? 0;
  let faults: FaultPicker = createFaultPicker(options.faults);
  let seq = 0;
  let crashed = 0;
  const injected = new Map<FaultKind, number>();
  const forced: FaultKind[] = [];
  /** Forced faults for one operation, taken before `forced`. */
  const forcedFor = new Map<string, FaultKind[]>();

  const send = (res: ServerResponse, reply: Reply) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(reply.status, { 'content-type': reply.contentType });
    res.end(reply.body);
  };

  function answer(
    req: IncomingMessage,
    path: string,
    rawQuery: string,
    body: string,
    requestId: string,
  ): Reply {
    const method = req.method ?? '';
    const admission = gateway.admit({ method, path, rawQuery, headers: req.headers, body, requestId });
    if (!admission.ok) return admission.reply;
    const route = ROUTES.get(path);
    if (!route || route.method !== method)
      return gatewayError(requestId, 404, 'InvalidAction.NotFound', 'No such API.');
    return route.handle({ state, query: admission.query, requestId });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    total += 1;
    const op = ROUTES.get(path)?.operation ?? 'unknown';
    perOperation.set(op, (perOperation.get(op) ?? 0) + 1);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    seq += 1;
    const rid = `FA4E0000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
    if (options.echoHeaders) {
      const echoed = Object.entries(req.headers)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      return send(
        res,
        gatewayError(
          rid,
          400,
          'IncompleteSignature',
          `The request signature does not conform. Headers: ${echoed}`,
        ),
      );
    }
    const fault = forcedFor.get(op)?.shift() ?? forced.shift() ?? faults.next();
    if (fault) injected.set(fault, (injected.get(fault) ?? 0) + 1);
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'html') return send(res, html503);
    if (fault === '500')
      return send(res, gatewayError(rid, 500, 'InternalError', 'The request failed (simulated).'));
    if (fault === 'throttle') return send(res, throttled(rid));
    const reply = answer(req, path, q < 0 ? '' : raw.slice(q + 1), body, rid);
    if (fault !== 'timeout') return send(res, reply);
    // The call acted, but its answer comes too late for the client.
    const timer = setTimeout(() => {
      hanging.delete(timer);
      send(res, reply);
    }, options.hangMs ?? 1000);
    hanging.add(timer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      crashed += 1;
      send(res, gatewayError('crash', 500, 'FakeCrashed', String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls: (operation) => (operation === undefined ? total : (perOperation.get(operation) ?? 0)),
    stopRequestsFor: (appId) => state.stopRequests.get(appId) ?? 0,
    startRequestsFor: (appId) => state.startRequests.get(appId) ?? 0,
    isStopped: (appId) => state.model.isStopped(appId),
    isRunning: (appId) => {
      const app = state.model.get(appId);
      return app !== undefined && !app.stopped && app.openOrderId === undefined;
    },
    startByHand: (appId) => {
      state.model.startOrder([appId], 'CoStart');
    },
    rateLimited: () => gateway.limited,
    rejected: (code) => gateway.rejected(code),
    crashes: () => crashed,
    faulted: (kind) => (kind ? (injected.get(kind) ?? 0) : [...injected.values()].reduce((a, b) => a + b, 0)),
    throttleNext: (n) => {
      gateway.throttleLeft += n;
    },
    changeOrderRunningNext: (n) => {
      state.busyNext += n;
    },
    holdNextOrder: (hold) => state.model.holdNextOrder(hold),
    lastOrderOf: (appId) => state.model.lastOrderOf(appId),
    forgetOrder: (id) => state.model.forgetOrder(id),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setFaults: (f) => {
      faults = createFaultPicker(f);
    },
    faultNext: (kind, n, operation) => {
      let queue = forced;
      if (operation !== undefined) {
        queue = forcedFor.get(operation) ?? [];
        forcedFor.set(operation, queue);
      }
      for (let i = 0; i < n; i++) queue.push(kind);
    },
    close: async () => {
      for (const t of hanging) clearTimeout(t);
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
