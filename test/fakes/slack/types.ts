/** Shapes shared by the fake Slack's parts. Wire values stay loosely typed (`Obj`) and are narrowed where read. */

export type Obj = Record<string, unknown>;

export interface FakeUser {
  name?: string;
  realName?: string;
  tz?: string;
  deleted?: boolean;
  isBot?: boolean;
}

export interface FakeChannel {
  name?: string;
  isPrivate?: boolean;
  isMember?: boolean;
  isArchived?: boolean;
}

/** One Slack rate-limit bucket: `perMinute` sustained, `burst` calls at once, counted per method or per channel. */
export interface TierLimit {
  perMinute: number;
  burst: number;
  per: 'method' | 'channel';
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** The legacy verification token Slack still puts into payloads. */
  verificationToken?: string;
  /** Known users; any other U…/W… id gets a synthesized profile. */
  users?: Record<string, FakeUser>;
  /** User group id (S…) → member user ids. */
  userGroups?: Record<string, string[]>;
  /** When given, only these channels exist (channel_not_found / not_in_channel otherwise). */
  channels?: Record<string, FakeChannel>;
  /** Off by default; `true` uses Slack's documented tiers; an object overrides single methods. */
  rateLimits?: boolean | Record<string, TierLimit>;
  /** Milliseconds clock (message ts, rate limits, response_url expiry). Default Date.now. */
  now?: () => number;
  /** Keep each call's arguments in `calls` (default true; the benchmark may turn it off). */
  recordArgs?: boolean;
  /** response_url: uses per URL and lifetime (Slack: 5 uses within 30 minutes). */
  responseUrlMaxUses?: number;
  responseUrlTtlMs?: number;
}

export type ResolvedConfig = Required<Omit<FakeSlackOptions, 'channels' | 'rateLimits'>> & {
  channels: Record<string, FakeChannel> | undefined;
};

export interface MessageVersion {
  text: string;
  blocks: Obj[];
  at: number;
  by: 'chat.postMessage' | 'chat.update' | 'response_url' | 'ack';
}

/** A channel message or thread reply as the fake Slack currently shows it. */
export interface SlackMessage {
  channel: string;
  ts: string;
  /** Parent ts for thread replies; undefined at channel root. */
  threadTs: string | undefined;
  user: string;
  botId: string | undefined;
  text: string;
  blocks: Obj[];
  replyBroadcast: boolean;
  deleted: boolean;
  replyCount: number;
  /** Every version, oldest first; the last one is what is shown now. */
  history: MessageVersion[];
}

/** A modal or home view as the fake shows it: every version kept. */
export interface FakeView {
  id: string;
  type: 'modal' | 'home';
  /** Who sees it. */
  user: string;
  hash: string;
  view: Obj;
  history: { view: Obj; by: 'views.open' | 'views.update' | 'views.publish'; at: number }[];
}

export interface Ephemeral {
  user: string;
  channel: string | undefined;
  text: string;
  blocks: Obj[];
  threadTs: string | undefined;
  source: 'chat.postEphemeral' | 'response_url' | 'ack';
  responseUrlId: string | undefined;
  at: number;
}

export interface ResponseUrlContext {
  userId?: string;
  channelId?: string;
  /** Set for block_actions: the message holding the clicked element (replace_original / delete_original act on it). */
  messageTs?: string;
}

export interface ResponsePost {
  id: string;
  body: Obj;
  responseType: string | undefined;
  replaceOriginal: boolean;
  deleteOriginal: boolean;
  status: number;
  at: number;
}

export interface ApiCall {
  method: string;
  args: Obj | undefined;
  at: number;
  status: number;
  ok: boolean;
  error: string | undefined;
}

export interface Fault {
  /** HTTP status; 429 adds Retry-After. Without it the call answers 200 {ok:false, error}. */
  status?: 500 | 503 | 429;
  retryAfterSec?: number;
  error?: string;
}

/** What an HTTP handler answers. */
export interface HttpAnswer {
  status: number;
  body: Obj | string;
  headers?: Record<string, string>;
}
