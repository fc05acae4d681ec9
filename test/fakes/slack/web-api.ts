import { chatMethods } from './api-chat.js';
import { type ApiContext, type ApiHandler, fail } from './api-context.js';
import { APP_TOKEN_METHODS, miscMethods } from './api-misc.js';
import { viewMethods } from './api-views.js';
import { type FaultQueue, faultAnswer, rateLimitedAnswer } from './faults.js';
import type { RateLimiter } from './rate-limits.js';
import type { HttpAnswer, Obj } from './types.js';
import { str } from './wire.js';

const METHODS: Record<string, ApiHandler> = { ...chatMethods, ...miscMethods, ...viewMethods };

/** Routes one Web API call: method → token check → injected fault → rate limit → handler; records the call. */
export class WebApi {
  constructor(
    private readonly ctx: ApiContext,
    private readonly limiter: RateLimiter,
    private readonly faults: FaultQueue,
  ) {}

  handle(method: string, args: Obj, token: string | undefined): HttpAnswer {
    const answer = this.answer(method, args, token);
    const body = typeof answer.body === 'string' ? {} : answer.body;
    const { token: _dropped, ...kept } = args;
    this.ctx.state.recordCall({
      method,
      args: this.ctx.config.recordArgs ? kept : undefined,
      at: this.ctx.state.now(),
      status: answer.status,
      ok: body.ok === true,
      error: str(body, 'error'),
    });
    return answer;
  }

  private answer(method: string, args: Obj, token: string | undefined): HttpAnswer {
    const handler = METHODS[method];
    if (!handler) return { status: 200, body: fail('unknown_method') };
    const authError = this.authError(method, token);
    if (authError) return { status: 200, body: fail(authError) };
    const fault = this.faults.take(method);
    if (fault) return faultAnswer(fault);
    const retryAfter = this.limiter.take(method, str(args, 'channel'));
    if (retryAfter !== undefined) return rateLimitedAnswer(retryAfter);
    return { status: 200, body: handler(args, this.ctx) };
  }

  private authError(method: string, token: string | undefined): string | undefined {
    if (!token) return 'not_authed';
    const { botToken, appToken } = this.ctx.config;
    const wanted = APP_TOKEN_METHODS.has(method) ? appToken : botToken;
    if (token === wanted) return undefined;
    return token === botToken || token === appToken ? 'not_allowed_token_type' : 'invalid_auth';
  }
}
