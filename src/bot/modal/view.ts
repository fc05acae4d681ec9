import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ProviderName, StopMode } from '../../domain/types.js';
import { MAX_REASON_LENGTH } from '../parse.js';
import { clip, providerLabel } from '../views/text.js';
import {
  ACTION_MODAL_MODE,
  ACTION_PROVIDER,
  ACTION_REASON,
  ACTION_TAGS,
  ACTION_TARGETS,
  BLOCK,
  MODAL_CALLBACK,
} from './ids.js';
import { writeMetadata } from './metadata.js';

export interface ModalProvider {
  name: ProviderName;
  modes: readonly StopMode[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(clip(text, 75)), value });
const modeOption = (mode: StopMode) =>
  option(
    mode === 'SOFT' ? 'SOFT: graceful shutdown' : 'HARD: force power off (asks to confirm on the card)',
    mode,
  );

/**
 * The /stop form. The provider select dispatches an action so the view is
 * redrawn with SOFT/HARD only where the chosen cloud has both.
 */
export function stopModalView(input: {
  providers: readonly ModalProvider[];
  selected?: ProviderName;
  channel: string;
}): ModalView {
  const chosen = input.providers.find((p) => p.name === input.selected) ?? input.providers[0];
  const providerOptions = input.providers.map((p) =>
    option(providerLabel(p.name) === p.name ? p.name : `${p.name} — ${providerLabel(p.name)}`, p.name),
  );
  const chosenOption = providerOptions.find((o) => o.value === chosen?.name);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: BLOCK.provider,
      dispatch_action: true,
      label: plain('Provider'),
      element: {
        type: 'static_select',
        action_id: ACTION_PROVIDER,
        options: providerOptions,
        ...(chosenOption ? { initial_option: chosenOption } : {}),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.targets,
      optional: true,
      label: plain('Machines'),
      hint: plain('Start typing a name or ID; the list comes from the cloud.'),
      element: {
        type: 'multi_external_select',
        action_id: ACTION_TARGETS,
        min_query_length: 1,
        placeholder: plain('Type a name or ID'),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.tags,
      optional: true,
      label: plain('Tags'),
      hint: plain('One key=value per line (or a key alone for any value). Machines, tags or both.'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION_TAGS,
        multiline: true,
        max_length: 2000,
        placeholder: plain('env=staging'),
      },
    },
  ];
  if (chosen && chosen.modes.length > 1) {
    const initial = chosen.modes[0] ?? 'SOFT';
    blocks.push({
      type: 'input',
      block_id: BLOCK.mode,
      label: plain('Shutdown type'),
      element: {
        type: 'radio_buttons',
        action_id: ACTION_MODAL_MODE,
        options: chosen.modes.map(modeOption),
        initial_option: modeOption(initial),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.reason,
    optional: true,
    label: plain('Reason'),
    element: {
      type: 'plain_text_input',
      action_id: ACTION_REASON,
      max_length: MAX_REASON_LENGTH,
      placeholder: plain('cpu miner found'),
    },
  });
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    title: plain('Stop machines'),
    submit: plain('Request stop'),
    close: plain('Cancel'),
    private_metadata: writeMetadata({ channel: input.channel }),
    blocks,
  };
}

/** The view as plain text (the demo shows it this way). */
export function modalAsText(view: ModalView): string {
  const lines = [`[${view.title.text}]`];
  for (const block of view.blocks) {
    if (block.type !== 'input') continue;
    const b = block as InputBlock;
    const e = b.element as { type: string; options?: PlainTextOption[]; initial_option?: PlainTextOption };
    const choices = e.options?.map((o) =>
      o.value === e.initial_option?.value ? `(•) ${o.text.text}` : `( ) ${o.text.text}`,
    );
    const optional = b.optional ? ' (optional)' : '';
    lines.push(`${b.label.text}${optional}: ${choices ? choices.join('  ') : `[${e.type}]`}`);
  }
  lines.push(`[${view.close?.text ?? 'Cancel'}]  [${view.submit?.text ?? 'Submit'}]`);
  return lines.join('\n');
}
