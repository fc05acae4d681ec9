import type { IncomingMessage } from 'node:http';

/**
 * What an unauthenticated request may cost before its signature is checked:
 * nobody on the network can grow the bot's memory or hold its sockets by
 * sending large or slow bodies.
 */
export interface BodyLimits {
  /** One body; a larger Content-Length is refused before reading. */
  maxBodyBytes: number;
  /** Bodies being read at once; more are refused (503) at once. */
  maxConcurrentBodies: number;
  /** Bytes buffered across every body being read. */
  maxBufferedBytes: number;
  /** From the first byte read to the last; a slower body is dropped (408). */
  bodyTimeoutMs: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  maxBodyBytes: 1024 * 1024,
  maxConcurrentBodies: 32,
  maxBufferedBytes: 8 * 1024 * 1024,
  bodyTimeoutMs: 5_000,
};

export type BodyRead = { ok: true; raw: string } | { ok: false; status: 408 | 413 | 503; message: string };

export interface BodyBudget {
  /** Read the body within the limits; on refusal the request is left to be answered and closed. */
  read(req: IncomingMessage): Promise<BodyRead>;
  /** Bodies being read and bytes buffered right now (for tests and metrics). */
  usage(): { bodies: number; bytes: number };
}

export function createBodyBudget(limits: BodyLimits = DEFAULT_BODY_LIMITS): BodyBudget {
  let bodies = 0;
  let bytes = 0;

  const read = (req: IncomingMessage): Promise<BodyRead> => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
      return Promise.resolve({ ok: false, status: 413, message: 'body too large' });
    }
    if (bodies >= limits.maxConcurrentBodies) {
      return Promise.resolve({ ok: false, status: 503, message: 'busy; try again' });
    }
    bodies += 1;
    return new Promise<BodyRead>((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (result: BodyRead) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        bodies -= 1;
        bytes -= size;
        req.off('data', onData);
        if (!result.ok) req.pause();
        resolve(result);
      };
      const onData = (c: Buffer) => {
        if (size + c.length > limits.maxBodyBytes)
          return finish({ ok: false, status: 413, message: 'body too large' });
        if (bytes + c.length > limits.maxBufferedBytes)
          return finish({ ok: false, status: 503, message: 'busy; try again' });
        size += c.length;
        bytes += c.length;
        chunks.push(c);
      };
      const timer = setTimeout(
        () => finish({ ok: false, status: 408, message: 'body too slow' }),
        limits.bodyTimeoutMs,
      );
      req.on('data', onData);
      req.once('end', () => finish({ ok: true, raw: Buffer.concat(chunks).toString('utf8') }));
      req.once('error', () => finish({ ok: false, status: 408, message: 'body not received' }));
      req.once('close', () => finish({ ok: false, status: 408, message: 'body not received' }));
    });
  };

  return { read, usage: () => ({ bodies, bytes }) };
}
