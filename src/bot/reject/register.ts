import type { App, ViewSubmitAction } from '@slack/bolt';
import type { StopRequest } from '../../approvals/types.js';
import { describeError } from '../../errors.js';
import type { Click } from '../click.js';
import type { BotDeps, Reply } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { REJECT_CALLBACK, readRejectMetadata, rejectModalView, rejectReasonOf } from './view.js';

/** Opens the Reject dialog with the click's trigger_id (good for 3 s, once); false when it could not. */
export async function openRejectModal(deps: BotDeps, request: StopRequest, click: Click): Promise<boolean> {
  if (!click.triggerId) return false;
  const view = rejectModalView(request, {
    request: request.id,
    channel: click.channel,
    ts: click.messageTs,
    home: click.fromHome || undefined,
    version: click.seenVersion,
  });
  const opened = await slackCall(
    deps,
    'views.open',
    () => deps.client.views.open({ trigger_id: click.triggerId as string, view }),
    { requestId: request.id },
  );
  return opened?.ok === true;
}

type Decide = (click: Click, reply: Reply) => Promise<void>;

/** The Reject dialog's submission: the same rejection as a click, with the reason typed. */
export function registerRejectModal(app: App, deps: BotDeps, reject: Decide): void {
  app.view(REJECT_CALLBACK, async ({ ack, body, view }) => {
    await ack();
    const user = (body as ViewSubmitAction).user.id;
    // No response_url here: answer in the app's messages tab.
    const reply: Reply = async (text: string) => {
      await slackCall(deps, 'chat.postMessage', () => deps.client.chat.postMessage({ channel: user, text }));
    };
    const meta = readRejectMetadata(view.private_metadata);
    if (!meta) return reply('That form did not say which request to reject. Nothing changed.');
    try {
      await reject(
        {
          user,
          requestId: meta.request,
          channel: meta.channel,
          messageTs: meta.ts,
          fromHome: meta.home === true,
          seenVersion: meta.version,
          reason: rejectReasonOf(view.state?.values) ?? '',
        },
        reply,
      );
    } catch (err) {
      deps.logger.error({ err: describeError(err), requestId: meta.request }, 'reject form failed');
      await reply('Something went wrong on my side; nothing changed. Please try again in a minute.');
    }
  });
}
