import { type MessageRef, operationOfRequest, type StopRequest } from '../approvals/types.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { NoticeOutcome, Notifier } from '../workflow/notifier.js';
import type { PacedSlack } from './pacing/paced-slack.js';
import { isTransient, type PostResult } from './pacing/paced-slack.js';
import { cardNotPostedText } from './pacing/post-failure-text.js';
import type { Priority } from './pacing/rules.js';
import type { Permalinks } from './permalink.js';
import { requestCard } from './views/card.js';
import { incidentMessage } from './views/incident.js';
import { failureMessages, progressMessage, summaryMessage } from './views/thread.js';

export interface SlackNotifierDeps {
  /** The posting layer: paced by the shared Slack budget, by priority. */
  slack: PacedSlack;
  logger: Logger;
  metrics: Metrics;
  incidentChannel?: string;
  now: () => number;
  /** The card's permalink, for the incident notices. */
  permalink?: Permalinks;
}

type View = { text: string; blocks?: unknown[] };

/**
 * The workflow's Notifier, spoken in Slack: renders each message and posts or
 * edits it where the workflow says (card edits, one thread, the incident channel).
 */
export function createSlackNotifier(deps: SlackNotifierDeps): Notifier {
  const { slack } = deps;
  const failed = (method: string, request: StopRequest, reason: string) =>
    deps.logger.warn({ requestId: request.id, method, code: reason }, 'Slack post not made');

  const reply = async (
    thread: MessageRef,
    request: StopRequest,
    message: View,
    priority: Priority,
    broadcast = false,
  ) => {
    const res = await slack.postMessage(
      {
        channel: thread.channel,
        thread_ts: thread.ts,
        text: message.text,
        blocks: message.blocks as never,
        reply_broadcast: broadcast,
        unfurl_links: false,
      },
      priority,
    );
    if (!res.ok && res.reason !== 'skipped') failed('chat.postMessage', request, res.reason);
    return res.ok ? res : undefined;
  };

  const edit = async (at: MessageRef, request: StopRequest, view: View, priority: Priority) => {
    const res = await slack.update(
      { channel: at.channel, ts: at.ts, text: view.text, blocks: view.blocks as never },
      priority,
    );
    if (!res.ok && res.reason !== 'skipped') failed('chat.update', request, res.reason);
  };

  return {
    async editCard(card, request, outcomes) {
      await edit(card, request, requestCard(request, outcomes), 'must');
    },

    // Progress yields under pressure: it goes only when its bucket is idle.
    async postProgress(thread, request, outcomes) {
      const posted = await reply(thread, request, progressMessage(request, outcomes, deps.now()), 'may');
      return posted?.ts ? { channel: thread.channel, ts: posted.ts } : undefined;
    },

    async editProgress(message, request, outcomes) {
      await edit(message, request, progressMessage(request, outcomes, deps.now()), 'may');
    },

    async failures(thread, request, failed, outcomes) {
      for (const message of failureMessages(request, failed, outcomes))
        await reply(thread, request, message, 'must');
    },

    async summary(thread, request, outcomes) {
      const posted = await reply(thread, request, summaryMessage(request, outcomes), 'must', true);
      return posted !== undefined;
    },

    // The incident channel is its own bucket: it never spends the request channel's budget.
    async incident(event, request, outcomes) {
      const channel = deps.incidentChannel;
      if (!channel) return { kind: 'none' };
      const link = request.card && deps.permalink ? await deps.permalink(request.card) : undefined;
      const message = incidentMessage(event, request, outcomes, link);
      const res = await slack.postMessage({ channel, text: message.text, unfurl_links: false }, 'must');
      if (!res.ok) failed('chat.postMessage', request, res.reason);
      return outcomeOf(res, channel);
    },

    async postCard(request) {
      const view = requestCard(request);
      const res = await slack.postMessage(
        { channel: request.channel, text: view.text, blocks: view.blocks },
        'must',
      );
      if (!res.ok) failed('chat.postMessage', request, res.reason);
      return outcomeOf(res, request.channel);
    },

    async cardLost(request, reason) {
      const res = await slack.postEphemeral({
        channel: request.channel,
        user: request.requester,
        text: cardNotPostedText(request.id, reason, operationOfRequest(request)),
      });
      if (!res.ok) failed('chat.postEphemeral', request, res.reason);
    },
  };
}

/** A 429 past the bound, a 5xx or no answer may land later; anything else Slack said is final. */
export function outcomeOf(res: PostResult, channel: string): NoticeOutcome {
  if (res.ok) return { kind: 'posted', at: res.ts ? { channel, ts: res.ts } : undefined };
  return { kind: isTransient(res.reason) ? 'later' : 'refused', reason: res.reason };
}
