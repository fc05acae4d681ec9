import { type FaultQueue, faultAnswer } from './faults.js';
import type { SlackState } from './state.js';
import type { HttpAnswer, Obj, ResolvedConfig, ResponseUrlContext } from './types.js';
import { validateMessageBlocks } from './validate-blocks.js';
import { argBlocks, bool, isObj, safeJson, str } from './wire.js';

interface Registered extends ResponseUrlContext {
  created: number;
}

/** The response_url endpoint: JSON posts (what Bolt's respond() sends), recorded per id and applied to the model. */
export class ResponseUrls {
  private readonly registered = new Map<string, Registered>();
  private seq = 0;

  constructor(
    private readonly state: SlackState,
    private readonly config: ResolvedConfig,
    private readonly faults: FaultQueue,
  ) {}

  /** Registers (or re-reads) an id and returns its path below the server origin. */
  path(id: string, ctx: ResponseUrlContext = {}): string {
    if (!this.registered.has(id)) this.registered.set(id, { ...ctx, created: this.state.now() });
    return `/actions/${encodeURIComponent(id)}`;
  }

  newId(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }

  handle(id: string, contentType: string | undefined, raw: string): HttpAnswer {
    const answer = this.answer(id, contentType, raw);
    this.state.recordCall({
      method: 'response_url',
      args: this.config.recordArgs ? { id } : undefined,
      at: this.state.now(),
      status: answer.status,
      ok: answer.status === 200,
      error: typeof answer.body === 'string' ? answer.body : str(answer.body, 'error'),
    });
    return answer;
  }

  private answer(id: string, contentType: string | undefined, raw: string): HttpAnswer {
    const fault = this.faults.take('response_url');
    if (fault) return faultAnswer(fault);
    const ctx = this.registered.get(id) ?? { created: this.state.now() };
    this.registered.set(id, ctx);
    const used = (this.state.responses.get(id) ?? []).filter((p) => p.status === 200).length;
    // Slack: up to 5 uses within 30 minutes. The exact error bodies are this fake's wording (unconfirmed).
    if (used >= this.config.responseUrlMaxUses)
      return { status: 404, body: { ok: false, error: 'used_url' } };
    if (this.state.now() - ctx.created > this.config.responseUrlTtlMs) {
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    }
    const body = contentType?.startsWith('application/json') ? safeJson(raw) : undefined;
    if (!isObj(body)) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    const blocks = argBlocks(body);
    if (blocks === 'bad') return { status: 400, body: { ok: false, error: 'invalid_blocks_format' } };
    if (blocks && validateMessageBlocks(blocks).length > 0) {
      return { status: 400, body: { ok: false, error: 'invalid_blocks' } };
    }
    this.apply(id, ctx, body, blocks ?? []);
    return { status: 200, body: { ok: true } };
  }

  private apply(id: string, ctx: Registered, body: Obj, blocks: Obj[]): void {
    const now = this.state.now();
    const responseType = str(body, 'response_type');
    const replaceOriginal = bool(body, 'replace_original');
    const deleteOriginal = bool(body, 'delete_original');
    this.state.recordResponse({
      id,
      body,
      responseType,
      replaceOriginal,
      deleteOriginal,
      status: 200,
      at: now,
    });
    const text = str(body, 'text') ?? '';
    const original =
      ctx.channelId && ctx.messageTs ? this.state.message(ctx.channelId, ctx.messageTs) : undefined;
    // Only a block_actions response_url (bound to a message) can replace or delete that message.
    if (original && deleteOriginal) {
      this.state.remove(original);
      return;
    }
    if (original && replaceOriginal) {
      this.state.edit(original, text, blocks, 'response_url');
      return;
    }
    const threadTs = str(body, 'thread_ts');
    if (responseType === 'in_channel' && ctx.channelId) {
      this.state.post({
        channel: ctx.channelId,
        threadTs,
        user: this.config.botUserId,
        botId: this.config.botId,
        text,
        blocks,
        replyBroadcast: false,
        by: 'response_url',
      });
      return;
    }
    if (!ctx.userId) return;
    this.state.addEphemeral({
      user: ctx.userId,
      channel: ctx.channelId,
      text,
      blocks,
      threadTs,
      source: 'response_url',
      responseUrlId: id,
      at: now,
    });
  }
}
