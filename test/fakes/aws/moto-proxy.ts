import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listParam, readBody, sendError } from './wire.js';

/**
 * A loopback proxy in front of moto_server that counts calls and adds what moto
 * lacks: throttling (503 RequestLimitExceeded, as EC2 answers it) and a
 * connection reset after moto has carried out a call.
 */
export interface MotoProxy {
  url: string;
  calls(action?: string): number;
  /** How many StopInstances named this instance. */
  stopRequestsFor(id: string): number;
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

export async function startMotoProxy(motoUrl: string): Promise<MotoProxy> {
  const counts = new Map<string, number>();
  const stopsFor = new Map<string, number>();
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
          const text = Buffer.concat(chunks);
          if (action === 'DescribeInstances') readStates(text.toString('utf8'));
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
