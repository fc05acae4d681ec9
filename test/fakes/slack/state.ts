import type {
  ApiCall,
  Ephemeral,
  FakeView,
  MessageVersion,
  Obj,
  ResponsePost,
  SlackMessage,
} from './types.js';
import { formatTs } from './wire.js';

/** What a post supplies; the state fills in ts, history and the rest. */
export interface NewMessage
  extends Pick<
    SlackMessage,
    'channel' | 'threadTs' | 'user' | 'botId' | 'text' | 'blocks' | 'replyBroadcast'
  > {
  by: MessageVersion['by'];
}

const key = (channel: string, ts: string): string => `${channel}|${ts}`;

/** Everything the fake Slack has seen and shows: the channel model plus recordings. */
export class SlackState {
  readonly messages: SlackMessage[] = [];
  readonly ephemerals: Ephemeral[] = [];
  readonly calls: ApiCall[] = [];
  readonly responses = new Map<string, ResponsePost[]>();
  readonly counts: Record<string, number> = {};
  readonly rateLimited: Record<string, number> = {};
  /** Things real Slack tolerates but a well-behaved bot should not do (e.g. thread_ts of a reply). */
  readonly anomalies: string[] = [];
  /** Radio/select choices per user and message, kept per block_id like a Slack client does. */
  readonly selections = new Map<string, Obj>();
  /** trigger_ids handed out in payloads: when, and whether a views.open used one. */
  readonly triggers = new Map<string, { at: number; used: boolean }>();
  /** Modals opened (views.open), by view id, as last updated. */
  readonly views = new Map<string, FakeView>();
  /** The App Home last published for each user. */
  readonly homes = new Map<string, FakeView>();
  private readonly byKey = new Map<string, SlackMessage>();
  private readonly replies = new Map<string, SlackMessage[]>();
  private readonly listeners = new Set<() => void>();
  private lastMicros = 0;
  private blockIdSeq = 0;

  constructor(readonly now: () => number) {}

  /** Unique, increasing, clock-based message ts ('1700000000.000100'). */
  nextTs(): string {
    this.lastMicros = Math.max(Math.floor(this.now() * 1000), this.lastMicros + 100);
    return formatTs(this.lastMicros);
  }

  /** Slack gives every block without a block_id a generated one, different on each post/update. */
  withBlockIds(blocks: Obj[]): Obj[] {
    return blocks.map((b) =>
      typeof b.block_id === 'string' ? b : { ...b, block_id: `g${(++this.blockIdSeq).toString(36)}` },
    );
  }

  message(channel: string, ts: string): SlackMessage | undefined {
    return this.byKey.get(key(channel, ts));
  }

  post(input: NewMessage): SlackMessage {
    let threadTs = input.threadTs;
    const parent = threadTs === undefined ? undefined : this.message(input.channel, threadTs);
    if (parent?.threadTs !== undefined) {
      this.anomalies.push(
        `thread_ts ${threadTs} in ${input.channel} is a reply; Slack expects the parent's ts`,
      );
      threadTs = parent.threadTs;
    }
    const ts = this.nextTs();
    const at = this.now();
    const blocks = this.withBlockIds(input.blocks);
    const msg: SlackMessage = {
      channel: input.channel,
      ts,
      threadTs,
      user: input.user,
      botId: input.botId,
      text: input.text,
      blocks,
      replyBroadcast: input.replyBroadcast && threadTs !== undefined,
      deleted: false,
      replyCount: 0,
      history: [{ text: input.text, blocks, at, by: input.by }],
    };
    this.messages.push(msg);
    this.byKey.set(key(msg.channel, ts), msg);
    if (threadTs !== undefined) {
      const root = this.message(msg.channel, threadTs);
      if (root) root.replyCount++;
      const list = this.replies.get(key(msg.channel, threadTs)) ?? [];
      list.push(msg);
      this.replies.set(key(msg.channel, threadTs), list);
    }
    this.changed();
    return msg;
  }

  /** Fields left undefined keep their old value (Slack keeps previous blocks when `blocks` is omitted). */
  edit(
    msg: SlackMessage,
    text: string | undefined,
    blocks: Obj[] | undefined,
    by: MessageVersion['by'],
  ): void {
    msg.text = text ?? msg.text;
    msg.blocks = blocks ? this.withBlockIds(blocks) : msg.blocks;
    msg.history.push({ text: msg.text, blocks: msg.blocks, at: this.now(), by });
    this.changed();
  }

  remove(msg: SlackMessage): void {
    msg.deleted = true;
    this.changed();
  }

  addEphemeral(e: Ephemeral): void {
    this.ephemerals.push(e);
    this.changed();
  }

  recordResponse(post: ResponsePost): void {
    const list = this.responses.get(post.id) ?? [];
    list.push(post);
    this.responses.set(post.id, list);
    this.changed();
  }

  recordCall(call: ApiCall): void {
    this.calls.push(call);
    this.counts[call.method] = (this.counts[call.method] ?? 0) + 1;
    if (call.status === 429) this.rateLimited[call.method] = (this.rateLimited[call.method] ?? 0) + 1;
    this.changed();
  }

  /** Root messages of a channel (and replies broadcast to it), oldest first, without deleted ones. */
  channelMessages(channel: string): SlackMessage[] {
    return this.messages.filter(
      (m) => m.channel === channel && !m.deleted && (m.threadTs === undefined || m.replyBroadcast),
    );
  }

  /** Replies under a parent message, oldest first. */
  thread(channel: string, ts: string): SlackMessage[] {
    return (this.replies.get(key(channel, ts)) ?? []).filter((m) => !m.deleted);
  }

  ephemeralsFor(user: string): Ephemeral[] {
    return this.ephemerals.filter((e) => e.user === user);
  }

  lastEphemeral(user: string): Ephemeral | undefined {
    for (let i = this.ephemerals.length - 1; i >= 0; i--) {
      const e = this.ephemerals[i];
      if (e?.user === user) return e;
    }
    return undefined;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Forget everything recorded (the benchmark resets between runs). */
  reset(): void {
    for (const list of [this.messages, this.ephemerals, this.calls, this.anomalies]) list.length = 0;
    for (const map of [
      this.responses,
      this.selections,
      this.byKey,
      this.replies,
      this.triggers,
      this.views,
      this.homes,
    ])
      map.clear();
    for (const rec of [this.counts, this.rateLimited]) for (const k of Object.keys(rec)) delete rec[k];
    this.changed();
  }
}
