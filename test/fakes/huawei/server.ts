import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, FaultPlan, type RandomFaults } from './faults.js';
import {
  badGatewayHtml,
  ecsError,
  type FakeResponse,
  gatewayError,
  newRequestId,
  systemError,
  throttled,
} from './responses.js';
import { type FakeOperation, handle, matchRoute, noSuchApi } from './routes.js';
import { FakeEcsState, type FakeServerSeed } from './state.js';
import { verifySignature } from './verify.js';

export interface FakeEcsOptions {
  ak: string;
  sk: string;
  /** Temporary keys: every request must carry this X-Security-Token, signed. */
  securityToken?: string;
  projectId: string;
  servers: readonly FakeServerSeed[];
  /** From an accepted stop to SHUTOFF. */
  stopDelayMs: number;
  latencyMs?: number;
  /** The fake's clock (ms); checks X-Sdk-Date and moves servers along. */
  now?: () => number;
  faults?: RandomFaults;
  /** How long a 'timeout' fault holds the answer before dropping the connection. */
  holdMs?: number;
  /** Every answer is an error whose message echoes the request's headers (as some gateways do). */
  echoHeaders?: boolean;
}

export interface FakeEcs {
  /** Base URL (scheme, host, port) to use as the provider's endpoint. */
  url: string;
  state: FakeEcsState;
  faults: FaultPlan;
  calls(operation: FakeOperation): number;
  totalCalls(): number;
  /** Stop requests that reached the service naming the server (acted on or not). */
  stopRequestsFor(id: string): number;
  /** Stops that took hold: the server began powering off. */
  stopsTookHoldFor(id: string): number;
  /** Stops that arrived while the server was already powering off or SHUTOFF. */
  stopsWhileStoppingFor(id: string): number;
  startRequestsFor(id: string): number;
  isStopped(id: string): boolean;
  isRunning(id: string): boolean;
  /** Requests refused with APIGW.0301 (bad or stale signature). */
  authFailures(): number;
  throttleNext(n: number): void;
  /** Turn the header-echoing error answers on or off. */
  setEchoHeaders(on: boolean): void;
  setLatency(ms: number): void;
  expireJobs(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of raw.split('&').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
    out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

/** A fake Huawei ECS endpoint on 127.0.0.1 that verifies every signature, as the API gateway does. */
export async function startFakeEcs(options: FakeEcsOptions): Promise<FakeEcs> {
  const now = options.now ?? Date.now;
  const state = new FakeEcsState(options.servers, options.stopDelayMs, now);
  const plan = new FaultPlan(options.faults);
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = options.latencyMs ?? 0;
  let throttle = 0;
  let echoHeaders = options.echoHeaders ?? false;
  let authFailures = 0;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const send = (res: ServerResponse, r: FakeResponse) =>
    later(latencyMs, () => {
      if (res.destroyed) return;
      const headers: Record<string, string> = {
        'content-type': r.contentType ?? 'application/json;charset=UTF-8',
      };
      if (!r.noRequestIdHeader) headers['x-request-id'] = newRequestId();
      res.writeHead(r.status, headers).end(r.body);
    });

  const canned: Record<'500' | '429' | 'html', () => FakeResponse> = {
    '500': systemError,
    '429': throttled,
    html: badGatewayHtml,
  };

  function deliver(req: IncomingMessage, res: ServerResponse, fault: Fault): void {
    const kind = fault.kind;
    if (kind === 'reset') req.socket.destroy();
    else if (kind === 'timeout') later(options.holdMs ?? 5000, () => req.socket.destroy());
    else send(res, typeof kind === 'string' ? canned[kind]() : kind);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const rawUrl = req.url ?? '/';
    const [path = '/', rawQuery = ''] = rawUrl.split('?', 2);
    const route = matchRoute(req.method ?? 'GET', path, body);
    state.totalCalls += 1;
    if (route) state.count(route.operation);
    if (echoHeaders)
      return send(
        res,
        ecsError(400, 'Ecs.0005', `Invalid request. Request headers: ${JSON.stringify(req.headers)}`),
      );
    if (throttle > 0) {
      throttle -= 1;
      return send(res, throttled());
    }
    const fault = plan.next(route?.operation);
    if (fault?.when === 'before') return deliver(req, res, fault);
    const verdict = verifySignature(
      { method: req.method ?? '', rawUrl, headers: req.headers, body },
      options,
      now(),
    );
    if (!verdict.ok) {
      authFailures += 1;
      return send(res, gatewayError(401, 'APIGW.0301', verdict.message));
    }
    if (!route) return send(res, noSuchApi());
    const headerProject = req.headers['x-project-id'];
    if (
      route.project !== options.projectId ||
      (headerProject !== undefined && headerProject !== options.projectId)
    ) {
      return send(res, ecsError(400, 'Ecs.0023', 'The project ID does not match the token or the URL.'));
    }
    const result = handle(state, route, parseQuery(rawQuery), body);
    if (fault?.when === 'after') return deliver(req, res, fault);
    return send(res, result);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end(`fake ECS error: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults: plan,
    calls: (op) => state.calls.get(op) ?? 0,
    totalCalls: () => state.totalCalls,
    stopRequestsFor: (id) => state.stopRequests.get(id) ?? 0,
    stopsTookHoldFor: (id) => state.stopsTookHold.get(id) ?? 0,
    stopsWhileStoppingFor: (id) => state.stopsWhileStopping.get(id) ?? 0,
    startRequestsFor: (id) => state.startRequests.get(id) ?? 0,
    isStopped: (id) => state.isStopped(id),
    isRunning: (id) => state.isRunning(id),
    authFailures: () => authFailures,
    setEchoHeaders: (on) => {
      echoHeaders = on;
    },
    throttleNext: (n) => {
      throttle += n;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    expireJobs: () => state.expireJobs(),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
