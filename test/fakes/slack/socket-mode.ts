import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { buildBlockActions, type ClickOptions } from './click-payload.js';
import { buildSlashCommand, type CommandOptions } from './command-payload.js';
import { recordCommandReply } from './command-reply.js';
import type { Obj } from './types.js';
import { isObj, safeJson, str } from './wire.js';
import type { SlackWorld } from './world.js';

export interface SocketAck {
  envelopeId: string;
  /** The ack's payload (for a slash command: the immediate reply), if any. */
  payload: Obj | undefined;
  at: number;
}

export interface Envelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Obj;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

/** Slack's side of Socket Mode: one-time URLs, hello on connect, envelopes out, acks in. */
export class FakeSocketMode {
  readonly acks: SocketAck[] = [];
  readonly envelopes: Envelope[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly waiters = new Map<string, (ack: SocketAck) => void>();
  private readonly commandUsers = new Map<string, { userId: string; channelId: string }>();
  private next = 0;

  constructor(
    private readonly world: SlackWorld,
    private readonly origin: () => string,
  ) {}

  get connectionCount(): number {
    return this.sockets.length;
  }

  /** What apps.connections.open returns: a single-use ws:// URL on this server. */
  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const host = this.origin().replace(/^http/, 'ws');
    return `${host}/link/?ticket=${ticket}&app_id=${this.world.config.apiAppId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.on('close', () => {
      const i = this.sockets.indexOf(ws);
      if (i >= 0) this.sockets.splice(i, 1);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.length,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.world.config.apiAppId },
      }),
    );
    this.world.state.changed();
  }

  private onMessage(raw: string): void {
    const msg = safeJson(raw);
    const envelopeId = isObj(msg) ? str(msg, 'envelope_id') : undefined;
    if (!isObj(msg) || !envelopeId) return;
    const ack: SocketAck = {
      envelopeId,
      payload: isObj(msg.payload) ? msg.payload : undefined,
      at: this.world.state.now(),
    };
    this.acks.push(ack);
    const who = this.commandUsers.get(envelopeId);
    if (who && ack.payload) recordCommandReply(this.world, who.userId, who.channelId, ack.payload);
    this.waiters.get(envelopeId)?.(ack);
    this.waiters.delete(envelopeId);
    this.world.state.changed();
  }

  /** Sends an envelope to one open connection (round robin, like Slack's "one arbitrary connection"). */
  send(envelope: Envelope): void {
    const open = this.sockets.filter((s) => s.readyState === s.OPEN);
    const ws = open[this.next++ % Math.max(open.length, 1)];
    if (!ws) throw new Error('no Socket Mode connection is open');
    this.envelopes.push(envelope);
    ws.send(JSON.stringify(envelope));
  }

  sendEnvelope(type: Envelope['type'], payload: Obj, retryAttempt = 0, retryReason = ''): string {
    const envelopeId = randomUUID();
    this.send({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: retryAttempt,
      retry_reason: retryReason,
    });
    return envelopeId;
  }

  /** Sends the same envelope again, as Slack does for an unacked one. */
  redeliver(envelopeId: string, retryReason = 'timeout'): void {
    const first = this.envelopes.find((e) => e.envelope_id === envelopeId);
    if (!first) throw new Error(`unknown envelope ${envelopeId}`);
    const attempts = this.envelopes.filter((e) => e.envelope_id === envelopeId).length;
    this.send({ ...first, retry_attempt: attempts, retry_reason: retryReason });
  }

  waitForAck(envelopeId: string, timeoutMs = 5000): Promise<SocketAck> {
    const done = this.acks.find((a) => a.envelopeId === envelopeId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} was not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }

  async waitForConnection(timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.sockets.length === 0) {
      if (Date.now() > end) throw new Error(`no Socket Mode connection within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** A slash command over the socket; resolves with the ack (its payload is the immediate reply). */
  sendSlashCommand(
    userId: string,
    text: string,
    opts: CommandOptions = {},
    timeoutMs = 5000,
  ): Promise<SocketAck> {
    const { fields } = buildSlashCommand(this.world, userId, text, opts);
    const envelopeId = this.sendEnvelope('slash_commands', fields);
    this.commandUsers.set(envelopeId, { userId, channelId: fields.channel_id ?? '' });
    return this.waitForAck(envelopeId, timeoutMs);
  }

  sendBlockActions(userId: string, click: ClickOptions, timeoutMs = 5000): Promise<SocketAck> {
    const { payload } = buildBlockActions(this.world, userId, click);
    return this.waitForAck(this.sendEnvelope('interactive', payload), timeoutMs);
  }

  /** Asks every client to reconnect (Slack's `disconnect` message, e.g. refresh_requested). */
  requestDisconnect(reason = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } });
    for (const ws of this.sockets) ws.send(message);
  }

  close(): void {
    for (const ws of [...this.sockets]) ws.terminate();
    this.wss.close();
  }
}
