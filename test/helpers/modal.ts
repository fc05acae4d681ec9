import type { FakeView } from '../fakes/slack/types.js';
import type { Harness } from './bot-harness.js';

export interface ModalInput {
  provider?: string;
  targets?: string[];
  tags?: string;
  mode?: 'SOFT' | 'HARD';
  reason?: string;
}

/** state.values as Slack sends them for the stop form. */
export function modalValues(input: ModalInput): Record<string, unknown> {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  const values: Record<string, unknown> = {
    provider: {
      stop_provider: {
        type: 'static_select',
        selected_option: input.provider === undefined ? null : option(input.provider),
      },
    },
    targets: {
      stop_targets: { type: 'multi_external_select', selected_options: (input.targets ?? []).map(option) },
    },
    tags: { stop_tags: { type: 'plain_text_input', value: input.tags ?? null } },
    reason: { stop_reason: { type: 'plain_text_input', value: input.reason ?? null } },
  };
  if (input.mode) values.mode = { stop_mode: { type: 'radio_buttons', selected_option: option(input.mode) } };
  return values;
}

/** `/stop` with no text, then the modal the bot opened. */
export async function openModal(h: Harness, user = 'U0BOB', channelId?: string): Promise<FakeView> {
  const before = new Set(h.slack.state.views.keys());
  await h.driver.command(user, '', channelId ? { channelId } : {});
  return h.slack.waitFor(
    () => [...h.slack.state.views.values()].find((v) => !before.has(v.id) && v.type === 'modal'),
    5000,
    'a modal opened with views.open',
  );
}
