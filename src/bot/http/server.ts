import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../../lib/http-response.js';
import type { Logger } from '../../observability/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

export interface HttpServer {
  /** Listen; resolves with the port actually bound (useful with port 0). */
  start(port: number, host?: string): Promise<number>;
  /** Stop accepting connections and wait for open requests to finish. */
  stop(): Promise<void>;
}

/** Time to send the request headers, and the whole request. */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 10_000;
/** Open sockets at once; more are closed as they arrive. */
const MAX_CONNECTIONS = 2_048;

/** A tiny router over node:http: exact paths, a 404 for the rest, never a crash. */
export function createHttpServer(routes: readonly Route[], logger: Logger): HttpServer {
  let server: Server | undefined;
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      const known = routes.some((r) => r.path === path);
      send(res, known ? 405 : 404, known ? 'method not allowed' : 'not found');
      return;
    }
    try {
      await route.handler(req, res);
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err), path }, 'route failed');
      send(res, 500, 'internal error');
    }
  };
  return {
    start(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server = createServer(
          {
            // Whole seconds, not Node's five minutes: a client that stalls is dropped.
            headersTimeout: HEADERS_TIMEOUT_MS,
            requestTimeout: REQUEST_TIMEOUT_MS,
            connectionsCheckingInterval: 1_000,
          },
          (req, res) => void listener(req, res),
        );
        server.keepAliveTimeout = 65_000;
        server.maxConnections = MAX_CONNECTIONS;
        server.once('error', reject);
        server.listen(port, host, () => resolve((server?.address() as AddressInfo | null)?.port ?? port));
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
