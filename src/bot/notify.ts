import type { WebClient } from '@slack/web-api';
import type { MessageRef, StopRequest } from '../approvals/types.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Notifier } from '../workflow/notifier.js';
import type { Permalinks } from './permalink.js';
import { slackCall } from './slack-call.js';
import { requestCard } from './views/card.js';
import { incidentMessage } from './views/incident.js';
import { failureMessages, progressMessage, summaryMessage } from './views/thread.js';

export interface SlackNotifierDeps {
  client: WebClient;
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
  const { client } = deps;
  const call = <T>(method: string, request: StopRequest, fn: () => Promise<T>) =>
    slackCall(deps, method, fn, { requestId: request.id });

  const reply = (thread: MessageRef, request: StopRequest, message: View, broadcast = false) =>
    call('chat.postMessage', request, () =>
      client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        text: message.text,
        blocks: message.blocks as never,
        reply_broadcast: broadcast,
        unfurl_links: false,
      }),
    );

  const edit = (at: MessageRef, request: StopRequest, view: View) =>
    call('chat.update', request, () =>
      client.chat.update({ channel: at.channel, ts: at.ts, text: view.text, blocks: view.blocks as never }),
    );

  return {
    async editCard(card, request, outcomes) {
      await edit(card, request, requestCard(request, outcomes));
    },

    async postProgress(thread, request, outcomes) {
      const posted = await reply(thread, request, progressMessage(request, outcomes, deps.now()));
      return posted?.ts ? { channel: thread.channel, ts: posted.ts } : undefined;
    },

    async editProgress(message, request, outcomes) {
      await edit(message, request, progressMessage(request, outcomes, deps.now()));
    },

    async failures(thread, request, failed, outcomes) {
      for (const message of failureMessages(request, failed, outcomes)) await reply(thread, request, message);
    },

    async summary(thread, request, outcomes) {
      const posted = await reply(thread, request, summaryMessage(request, outcomes), true);
      return posted !== undefined;
    },

    async incident(event, request, outcomes) {
      const channel = deps.incidentChannel;
      if (!channel) return;
      const link = request.card && deps.permalink ? await deps.permalink(request.card) : undefined;
      const message = incidentMessage(event, request, outcomes, link);
      await call('chat.postMessage', request, () =>
        client.chat.postMessage({ channel, text: message.text, unfurl_links: false }),
      );
    },
  };
}
