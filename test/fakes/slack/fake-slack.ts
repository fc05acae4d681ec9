import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveConfig } from './config.js';
import { FaultQueue } from './faults.js';
import { createRequestHandler } from './http-handler.js';
import { RateLimiter } from './rate-limits.js';
import { ResponseUrls } from './response-url.js';
import { FakeSocketMode } from './socket-mode.js';
import { SlackState } from './state.js';
import type {
  ApiCall,
  Ephemeral,
  FakeSlackOptions,
  Fault,
  ResolvedConfig,
  ResponsePost,
  ResponseUrlContext,
  SlackMessage,
  TierLimit,
} from './types.js';
import { waitFor } from './wait-for.js';
import { WebApi } from './web-api.js';
import type { SlackWorld } from './world.js';

/** A local Slack: Web API at `url`, response_urls, Socket Mode, and everything it saw. */
export class FakeSlack implements SlackWorld {
  readonly config: ResolvedConfig;
  readonly state: SlackState;
  readonly socket: FakeSocketMode;
  private readonly limiter: RateLimiter;
  private readonly faults = new FaultQueue();
  private readonly holds: {
    method: string;
    match: (args: Record<string, unknown>) => boolean;
    ms: number;
  }[] = [];
  private readonly responseUrls: ResponseUrls;
  private readonly server: Server;
  private origin = '';

  constructor(options: FakeSlackOptions) {
    this.config = resolveConfig(options);
    this.state = new SlackState(this.config.now);
    this.limiter = new RateLimiter(options.rateLimits, this.config.now);
    this.responseUrls = new ResponseUrls(this.state, this.config, this.faults);
    this.socket = new FakeSocketMode(this, () => this.origin);
    const ctx = { state: this.state, config: this.config, issueSocketUrl: () => this.socket.issueUrl() };
    const webApi = new WebApi(ctx, this.limiter, this.faults);
    this.server = createServer(
      { keepAlive: true },
      createRequestHandler(webApi, this.responseUrls, (method, args) => this.takeHold(method, args)),
    );
    this.server.on('upgrade', (req, socket, head) => this.socket.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Base URL ending in /api/ (SLACK_API_URL, WebClient slackApiUrl). */
  get url(): string {
    return `${this.origin}/api/`;
  }

  get messages(): SlackMessage[] {
    return this.state.messages;
  }
  get ephemerals(): Ephemeral[] {
    return this.state.ephemerals;
  }
  get calls(): ApiCall[] {
    return this.state.calls;
  }
  /** Calls per method (including failed and rate-limited ones). */
  get counts(): Record<string, number> {
    return this.state.counts;
  }
  /** HTTP 429 answers per method. */
  get rateLimited(): Record<string, number> {
    return this.state.rateLimited;
  }
  get anomalies(): string[] {
    return this.state.anomalies;
  }

  /** A response_url on this server; `ctx` says whom it answers (and, for clicks, which message it may replace). */
  responseUrl(id: string, ctx?: ResponseUrlContext): string {
    return `${this.origin}${this.responseUrls.path(id, ctx)}`;
  }

  newResponseUrl(prefix: string, ctx: ResponseUrlContext): { id: string; url: string } {
    const id = this.responseUrls.newId(prefix);
    return { id, url: this.responseUrl(id, ctx) };
  }

  responsesFor(id: string): ResponsePost[] {
    return this.state.responses.get(id) ?? [];
  }

  setRateLimits(setting: boolean | Record<string, TierLimit>): void {
    this.limiter.configure(setting);
  }

  get rateLimitsEnabled(): boolean {
    return this.limiter.enabled;
  }

  /** The next `times` calls of `method` ('response_url' for response_url posts) fail as described. */
  /**
   * Hold the next call of `method` whose arguments match for `ms` before acting
   * on it; a caller that hangs up meanwhile (a killed replica) leaves no trace.
   */
  holdNext(method: string, match: (args: Record<string, unknown>) => boolean, ms: number): void {
    this.holds.push({ method, match, ms });
  }

  private takeHold(method: string, args: Record<string, unknown>): number | undefined {
    const at = this.holds.findIndex((h) => h.method === method && h.match(args));
    const hold = this.holds[at];
    if (!hold) return undefined;
    this.holds.splice(at, 1);
    return hold.ms;
  }

  failNext(method: string, fault: Fault = {}, times = 1): void {
    this.faults.add(method, fault, times);
  }

  setUserGroup(id: string, users: string[]): void {
    this.config.userGroups[id] = [...users];
  }

  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000, what?: string): Promise<T> {
    return waitFor(this.state, check, timeoutMs, what);
  }

  channelMessages(channel: string): SlackMessage[] {
    return this.state.channelMessages(channel);
  }
  thread(channel: string, ts: string): SlackMessage[] {
    return this.state.thread(channel, ts);
  }
  message(channel: string, ts: string): SlackMessage | undefined {
    return this.state.message(channel, ts);
  }
  lastEphemeral(user: string): Ephemeral | undefined {
    return this.state.lastEphemeral(user);
  }
  ephemeralsFor(user: string): Ephemeral[] {
    return this.state.ephemeralsFor(user);
  }

  /** Forgets recorded state and pending faults; keeps settings, connections and rate-limit mode. */
  reset(): void {
    this.state.reset();
    this.faults.clear();
    this.limiter.refill();
  }

  async close(): Promise<void> {
    this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}
