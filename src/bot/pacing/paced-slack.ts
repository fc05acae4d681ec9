import type {
  ChatPostEphemeralArguments,
  ChatPostMessageArguments,
  ChatUpdateArguments,
  WebClient,
} from '@slack/web-api';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { SlackBudget } from './budget.js';
import { bucketFor, type PacedMethod, type Priority } from './rules.js';

/** Why a post did not land: Slack's own error code, or one of ours. */
export type PostFailure =
  /** Slack kept answering 429 past our bound. */
  | 'rate_limited'
  /** Slack answered 5xx or could not be reached, past our bound. */
  | 'slack_unavailable'
  /** Progress skipped because its bucket was busy (nothing was sent). */
  | 'skipped'
  | (string & {});

export type PostResult = { ok: true; ts: string | undefined } | { ok: false; reason: PostFailure };

export interface PacedSlack {
  postMessage(args: ChatPostMessageArguments, priority: Priority): Promise<PostResult>;
  update(args: ChatUpdateArguments, priority: Priority): Promise<PostResult>;
  /** chat.postEphemeral (Tier 4), paced like the rest. */
  postEphemeral(args: ChatPostEphemeralArguments): Promise<PostResult>;
}

/** Failures a later attempt may get past. */
export const isTransient = (reason: PostFailure): boolean =>
  reason === 'rate_limited' || reason === 'slack_unavailable';

export interface PacedSlackDeps {
  client: WebClient;
  budget: SlackBudget;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Attempts for a `must` call refused with 429; default 6. */
  attempts?: number;
  /** The longest a `must` call waits for its slot (then it reports rate_limited, reserving nothing); default 25 s. */
  maxWaitMs?: number;
}

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
}

/**
 * The bot's posting layer: every chat.postMessage and chat.update reserves its
 * slot in the shared budget first, so replicas together keep Slack's limits;
 * a 429 pauses the bucket for everyone for its Retry-After, and a `must` call
 * is tried again (bounded) after it. 5xx and network errors are retried by the
 * Web API client itself (slack.retries), then reported as `slack_unavailable`.
 */
export function createPacedSlack(deps: PacedSlackDeps): PacedSlack {
  const attempts = deps.attempts ?? 6;
  const maxWaitMs = deps.maxWaitMs ?? 25_000;

  async function run(
    method: PacedMethod,
    channel: string,
    priority: Priority,
    fn: () => Promise<{ ts?: string }>,
  ): Promise<PostResult> {
    const { bucket, rule } = bucketFor(method, channel, priority);
    let last: PostFailure = 'skipped';
    const tries = priority === 'must' ? attempts : 1;
    for (let attempt = 1; attempt <= tries; attempt++) {
      const wait = await deps.budget.reserve(bucket, rule, priority === 'must' ? maxWaitMs : 0);
      if (wait === undefined) {
        if (priority === 'may') deps.metrics.slackSkipped.inc({ method });
        return { ok: false, reason: priority === 'may' ? 'skipped' : 'rate_limited' };
      }
      if (wait > 0) await deps.clock.sleep(wait);
      try {
        const res = await fn();
        return { ok: true, ts: res.ts };
      } catch (err) {
        const e = err as SlackErrorShape;
        if (e.code === 'slack_webapi_rate_limited_error') {
          last = 'rate_limited';
          await deps.budget.pause(bucket, rule, Math.max(1, e.retryAfter ?? 1) * 1000);
        } else if (
          (e.code === 'slack_webapi_http_error' && (e.statusCode ?? 0) >= 500) ||
          e.code === 'slack_webapi_request_error'
        ) {
          // The Web API client already tried it slack.retries times; the job (summary) or the person (card) tries again.
          const code = e.statusCode ? `http_${e.statusCode}` : (e.code ?? 'error');
          deps.metrics.slackErrors.inc({ method, code });
          deps.logger.warn({ method, code }, 'Slack API call failed');
          return { ok: false, reason: 'slack_unavailable' };
        } else {
          const code = e.data?.error ?? (e.statusCode ? `http_${e.statusCode}` : (e.code ?? 'error'));
          deps.metrics.slackErrors.inc({ method, code });
          deps.logger.warn({ method, code }, 'Slack API call failed');
          return { ok: false, reason: code };
        }
        deps.logger.warn(
          { method, code: last, attempt },
          'Slack API call rate limited; waiting for the bucket',
        );
      }
    }
    deps.metrics.slackErrors.inc({ method, code: last });
    deps.logger.warn({ method, code: last, attempts: tries }, 'Slack API call failed');
    return { ok: false, reason: last };
  }

  return {
    postMessage: (args, priority) =>
      run('chat.postMessage', args.channel, priority, () => deps.client.chat.postMessage(args)),
    update: (args, priority) =>
      run('chat.update', args.channel, priority, () => deps.client.chat.update(args)),
    postEphemeral: (args) =>
      run('chat.postEphemeral', args.channel, 'must', async () => {
        await deps.client.chat.postEphemeral(args);
        return {};
      }),
  };
}
