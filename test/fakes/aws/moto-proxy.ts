import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listParam, readBody, sendError } from './wire.js';

/**
 * A loopback proxy in front of moto_server that counts calls and adds what moto
 * lacks: throttling (503 RequestLimitExceeded, as EC2 answers it), a connection
 * reset after moto has carried out a call, a start refused for want of capacity,
 * and a `pending` phase after a start (moto is `running` at once).
 */
export interface MotoProxy {
  url: string;
  calls(action?: string): number;
  /** How many StopInstances named this instance. */
  stopRequestsFor(id: string): number;
  /** How many StartInstances named this instance. */
  startRequestsFor(id: string): number;
  /** StartInstances naming any of these is refused (500 InsufficientInstanceCapacity) without reaching moto. */
  failStart(ids: readonly string[]): void;
  /** The state moto last reported for this instance in a DescribeInstances answer. */
  lastState(id: string): string | undefined;
  /** The Force flag of each StopInstances, in order. */
  forceFlags(): boolean[];
  /** The next `n` calls of `action` (any action when absent) are throttled without reaching moto. */
  throttleNext(n: number, action?: string): void;
  /** The next `n` calls of `action` reach moto, then the connection is reset instead of answered. */
  resetAfterActing(action: string, n: number): void;
  close(): Promise<void>;
}

/** In moto's DescribeInstances XML an instance's ID comes shortly before its state. */
const STATE_IN_DESCRIBE =
  /<instanceId>(i-[0-9a-f]+)<\/instanceId>(?:(?!<instanceId>)[\s\S])*?<instanceState><code>\d+<\/code><name>([a-z-]+)<\/name>/g;

export interface MotoProxyOptions {
  /** How long a started instance reads `pending` in DescribeInstances answers before moto's `running`. */
  startDelayMs?: number;
  now?: () => number;
}

/** Answers read `pending` (code 0) for instances whose start has not had its time yet. */
function pendingUntilUp(xml: string, upAt: Map<string, number>, now: number): string {
  if (upAt.size === 0) return xml;
  return xml.replace(STATE_IN_DESCRIBE, (whole, id: string, name: string) => {
    if (name !== 'running' || now >= (upAt.get(id) ?? 0)) return whole;
    return whole.replace(/<code>\d+<\/code><name>running<\/name>$/, '<code>0</code><name>pending</name>');
  });
}

export async function startMotoProxy(motoUrl: string, options: MotoProxyOptions = {}): Promise<MotoProxy> {
  const now = options.now ?? Date.now;
  const counts = new Map<string, number>();
  const stopsFor = new Map<string, number>();
  const startsFor = new Map<string, number>();
  const refuseStart = new Set<string>();
  const upAt = new Map<string, number>();
  const forces: boolean[] = [];
  let throttle = { n: 0, action: undefined as string | undefined };
  const resets = new Map<string, number>();
  const states = new Map<string, string>();
  const readStates = (xml: string) => {
    for (const m of xml.matchAll(STATE_IN_DESCRIBE)) if (m[1] && m[2]) states.set(m[1], m[2]);
  };
  const target = new URL(motoUrl);

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    counts.set(action, (counts.get(action) ?? 0) + 1);
    if (throttle.n > 0 && (!throttle.action || throttle.action === action)) {
      throttle.n--;
      sendError(res, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
      return;
    }
    if (action === 'StopInstances') {
      forces.push(form.get('Force') === 'true');
      for (const id of listParam(form, 'InstanceId')) stopsFor.set(id, (stopsFor.get(id) ?? 0) + 1);
    }
    if (action === 'StartInstances') {
      const ids = listParam(form, 'InstanceId');
      for (const id of ids) startsFor.set(id, (startsFor.get(id) ?? 0) + 1);
      const refused = ids.find((id) => refuseStart.has(id));
      if (refused) {
        sendError(
          res,
          500,
          'InsufficientInstanceCapacity',
          `We currently do not have sufficient capacity to start ${refused} in the Availability Zone you requested.`,
        );
        return;
      }
      // EC2 leaves a running instance as it is.
      for (const id of ids)
        if (states.get(id) !== 'running') upAt.set(id, now() + (options.startDelayMs ?? 0));
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: req.url,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(body) },
      },
      (up) => {
        const left = resets.get(action) ?? 0;
        if (left > 0) {
          resets.set(action, left - 1);
          up.resume();
          up.on('end', () => req.socket.destroy());
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let text = Buffer.concat(chunks);
          if (action === 'DescribeInstances') {
            const xml = pendingUntilUp(text.toString('utf8'), upAt, now());
            readStates(xml);
            text = Buffer.from(xml, 'utf8');
          }
          res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': text.length });
          res.end(text);
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: (action) => (action ? (counts.get(action) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0)),
    stopRequestsFor: (id) => stopsFor.get(id) ?? 0,
    startRequestsFor: (id) => startsFor.get(id) ?? 0,
    failStart: (ids) => {
      for (const id of ids) refuseStart.add(id);
    },
    forceFlags: () => [...forces],
    lastState: (id) => states.get(id),
    throttleNext: (n, action) => {
      throttle = { n, action };
    },
    resetAfterActing: (action, n) => resets.set(action, n),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
