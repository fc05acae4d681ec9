import type { App, BlockAction, SlashCommand } from '@slack/bolt';
import { onceKeys } from '../approvals/once-keys.js';
import { describeError, StateUnavailableError } from '../errors.js';
import type { BotDeps, Reply } from './deps.js';
import { REQUEST_ID_RE } from './parse.js';
import { ephemeralReply } from './slack-call.js';
import { relatedLine, requestUndo } from './undo.js';
import { ACTION_UNDO } from './views/action-ids.js';

export { relatedLine };

/** `/stop undo <request-id> [--reason <text>]`. */
export async function undoCommand(
  deps: BotDeps,
  cmd: { requestId: string; reason: string },
  command: SlashCommand,
  reply: Reply,
): Promise<void> {
  // A redelivered command carries the same trigger_id: act on it once.
  if (command.trigger_id && !(await deps.store.claimOnce(onceKeys.command(command.trigger_id), 3_600_000)))
    return;
  await requestUndo(deps, { stopId: cmd.requestId, user: command.user_id, reason: cmd.reason }, reply);
}

/**
 * Start again, clicked on a finished stop's card or summary (the button's
 * value is the stop request's ID). A second click, a redelivery or another
 * replica's click finds the start request already there and is told its ID.
 */
export function registerUndoAction(app: App, deps: BotDeps): void {
  app.action(ACTION_UNDO, async ({ ack, body, respond }) => {
    await ack();
    const reply = ephemeralReply(deps, respond as never);
    const action = (body as BlockAction).actions[0] as { value?: string } | undefined;
    const id = action?.value ?? '';
    try {
      if (!REQUEST_ID_RE.test(id))
        return reply('That button does not name a request I know. Nothing changed.');
      await requestUndo(deps, { stopId: id, user: body.user.id, reason: '' }, reply);
    } catch (err) {
      deps.logger.error({ err: describeError(err), requestId: id }, 'start again click failed');
      await reply(
        err instanceof StateUnavailableError
          ? 'I could not reach my state store, so nothing was requested. Please try again in a moment.'
          : 'Something went wrong on my side and nothing was requested. Please try again in a minute.',
      );
    }
  });
}
