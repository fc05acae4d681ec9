import type { WebClient } from '@slack/web-api';
import { onceKeys } from '../approvals/once-keys.js';
import type { StateStore } from '../approvals/store.js';
import type { StopRequest } from '../approvals/types.js';
import type { Machine } from '../domain/types.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { IncidentEvent, Notifier, Outcomes } from '../workflow/notifier.js';
import { slackCall } from './slack-call.js';
import { requestCard } from './views/card.js';
import { incidentMessage } from './views/incident.js';
import { failureMessages, progressMessage, summaryMessage } from './views/thread.js';

export interface SlackNotifierDeps {
  client: WebClient;
  store: StateStore;
  logger: Logger;
  metrics: Metrics;
  incidentChannel?: string;
  now: () => number;
}

/** The workflow's Notifier, spoken in Slack: card edits, one thread, the incident channel. */
export function createSlackNotifier(deps: SlackNotifierDeps): Notifier {
  const { client } = deps;
  const call = <T>(method: string, request: StopRequest, fn: () => Promise<T>) =>
    slackCall(deps, method, fn, { requestId: request.id });

  const reply = (request: StopRequest, message: { text: string; blocks?: unknown[] }, broadcast = false) => {
    const card = request.card;
    if (!card) return Promise.resolve(undefined);
    return call('chat.postMessage', request, () =>
      client.chat.postMessage({
        channel: card.channel,
        thread_ts: card.ts,
        text: message.text,
        blocks: message.blocks as never,
        reply_broadcast: broadcast,
        unfurl_links: false,
      }),
    );
  };

  return {
    async updateCard(request, outcomes) {
      const card = request.card;
      if (!card) return;
      const edit = (r: StopRequest, o?: Outcomes) => {
        const view = requestCard(r, o);
        return call('chat.update', r, () =>
          client.chat.update({ channel: card.channel, ts: card.ts, text: view.text, blocks: view.blocks }),
        );
      };
      await edit(request, outcomes);
      // A slow edit (a 429 wait, a retry) can land after a newer one: put the newest state back.
      const fresh = await deps.store.getRequest(request.id);
      if (fresh && (fresh.state !== request.state || fresh.mode !== request.mode)) {
        await edit(fresh, fresh.state === 'pending' ? undefined : await deps.store.getOutcomes(fresh.id));
      }
    },

    async progress(request, outcomes) {
      const card = request.card;
      if (!card) return;
      const view = progressMessage(request, outcomes, deps.now());
      // Set once and never changed: read it fresh only when this copy of the request predates it.
      const existing = request.progress ?? (await deps.store.getRequest(request.id))?.progress;
      if (existing) {
        await call('chat.update', request, () =>
          client.chat.update({
            channel: existing.channel,
            ts: existing.ts,
            text: view.text,
            blocks: view.blocks,
          }),
        );
        return;
      }
      // One replica creates the progress message; the others edit it once it exists.
      if (!(await deps.store.claimOnce(onceKeys.progressPost(request.id), 86_400_000))) return;
      const posted = await reply(request, view);
      if (posted?.ts) await deps.store.setProgress(request.id, { channel: card.channel, ts: posted.ts });
      else await deps.store.releaseOnce(onceKeys.progressPost(request.id));
    },

    async failures(request, failed: readonly Machine[], outcomes: Outcomes) {
      for (const message of failureMessages(request, failed, outcomes)) await reply(request, message);
    },

    async summary(request, outcomes) {
      const posted = await reply(request, summaryMessage(request, outcomes), true);
      return posted !== undefined;
    },

    async incident(event: IncidentEvent, request, outcomes) {
      const channel = deps.incidentChannel;
      if (!channel) return;
      const message = incidentMessage(event, request, outcomes);
      await call('chat.postMessage', request, () =>
        client.chat.postMessage({ channel, text: message.text, unfurl_links: false }),
      );
    },
  };
}
