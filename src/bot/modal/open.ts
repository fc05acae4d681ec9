import type { SlashCommand } from '@slack/bolt';
import { onceKeys } from '../../approvals/once-keys.js';
import type { BotDeps, Reply } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { type ModalProvider, stopModalView } from './view.js';

/** The configured providers, as the form lists them. */
export function modalProviders(deps: BotDeps): ModalProvider[] {
  return [...deps.providers.values()].map((p) => ({ name: p.name, modes: p.capabilities.modes }));
}

/** `/stop` with no text: open the form at once (the trigger_id is good for 3 s, once). */
export async function openStopModal(deps: BotDeps, command: SlashCommand, reply: Reply): Promise<void> {
  // A redelivered command carries the same trigger_id, already spent: open the form once.
  if (!(await deps.store.claimOnce(onceKeys.command(command.trigger_id), 3_600_000))) return;
  const providers = modalProviders(deps);
  if (providers.length === 0)
    return reply('No provider is configured on this bot, so there is nothing to stop.');
  const view = stopModalView({ providers, channel: command.channel_id });
  const opened = await slackCall(deps, 'views.open', () =>
    deps.client.views.open({ trigger_id: command.trigger_id, view }),
  );
  if (!opened?.ok) {
    await reply('I could not open the stop form just now. Try again, or type `/stop help` for the command.');
  }
}
