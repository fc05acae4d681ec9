import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, isValidSlackRequest, type Receiver } from '@slack/bolt';
import { send } from '../../lib/http-response.js';
import type { Logger } from '../../observability/logger.js';
import { type BodyBudget, createBodyBudget } from './body-budget.js';
import { parseSlackBody } from './payload.js';

const ACK_TIMEOUT_MS = 2800;
/** Bolt refuses a timestamp over five minutes old; we refuse one as far ahead, too. */
const MAX_AHEAD_SECONDS = 300;

/**
 * Bolt receiver for HTTP mode: what Bolt's own checks need around them. It
 * limits the body, checks the signature headers' shape and has Bolt check the
 * signature over the raw bytes (with our clock), checks the body's shape, then
 * hands it to Bolt with an ack that writes the HTTP response. Malformed input
 * gets a 4xx, never reaches a listener.
 */
export class StopbotReceiver implements Receiver {
  private app?: App;
  private readonly bodies: BodyBudget;

  constructor(
    private readonly options: {
      signingSecret: string;
      logger: Logger;
      now?: () => number;
      /** Shared by every request to this receiver: see body-budget.ts. */
      bodies?: BodyBudget;
    },
  ) {
    this.bodies = options.bodies ?? createBodyBudget();
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The /slack/events route. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await this.bodies.read(req);
    if (!body.ok) return refuse(req, res, body.status, body.message);
    const raw = body.raw;
    const nowMs = (this.options.now ?? Date.now)();
    if (!signedBySlack(req, raw, this.options.signingSecret, nowMs))
      return send(res, 401, 'invalid signature');
    const parsed = parseSlackBody(header(req, 'content-type'), raw);
    if (!parsed.ok) return send(res, parsed.status, parsed.message);
    const value = parsed.value;
    if (value.kind === 'ssl_check') return send(res, 200, '');
    if (value.kind === 'url_verification')
      return send(res, 200, JSON.stringify({ challenge: value.challenge }), 'application/json');
    await this.dispatch(value.body, req, res);
  };

  private async dispatch(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) {
    const app = this.app;
    if (!app) return send(res, 503, 'not ready');
    let acked = false;
    const timer = setTimeout(() => {
      if (!acked) {
        acked = true;
        this.options.logger.warn('no ack within the time limit; answered empty');
        send(res, 200, '');
      }
    }, ACK_TIMEOUT_MS);
    const ack = async (response?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      if (response === undefined || response === '') send(res, 200, '');
      else if (typeof response === 'string') send(res, 200, response);
      else send(res, 200, JSON.stringify(response), 'application/json');
    };
    const retry = header(req, 'x-slack-retry-num');
    try {
      await app.processEvent({
        body,
        ack,
        retryNum: retry && /^\d+$/.test(retry) ? Number(retry) : undefined,
        retryReason: header(req, 'x-slack-retry-reason'),
      });
    } catch (err) {
      this.options.logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'event processing failed',
      );
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        send(res, 500, 'internal error');
      }
    }
  }
}

/** Answer, then drop the connection: the rest of a refused body is never read. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.shouldKeepAlive = false;
  res.once('finish', () => req.socket.destroy());
  send(res, status, message);
}

/** Slack's v0 signature, checked by Bolt, after the headers' shape and a timestamp not from the future. */
function signedBySlack(req: IncomingMessage, body: string, signingSecret: string, nowMs: number): boolean {
  const timestamp = header(req, 'x-slack-request-timestamp');
  const signature = header(req, 'x-slack-signature');
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp) || !signature.startsWith('v0=')) return false;
  if (Number(timestamp) - nowMs / 1000 > MAX_AHEAD_SECONDS) return false;
  return isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
    nowMilliseconds: nowMs,
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
