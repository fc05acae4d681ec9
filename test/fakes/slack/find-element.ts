import type { Obj, SlackMessage } from './types.js';
import { isObj, str } from './wire.js';

export interface Located {
  /** The version of the message's blocks the element was found in (may be an older one a client still shows). */
  blocks: Obj[];
  blockId: string;
  element: Obj;
}

/** Interactive elements of one block: actions elements, a section accessory, an input element. */
export function elementsOf(block: Obj): Obj[] {
  if (Array.isArray(block.elements) && block.type === 'actions') return block.elements.filter(isObj);
  if (isObj(block.accessory)) return [block.accessory];
  if (isObj(block.element)) return [block.element];
  return [];
}

export function locate(blocks: Obj[], actionId: string, blockId?: string): Located | undefined {
  for (const block of blocks) {
    const id = str(block, 'block_id') ?? '';
    if (blockId !== undefined && id !== blockId) continue;
    const element = elementsOf(block).find((el) => el.action_id === actionId);
    if (element) return { blocks, blockId: id, element };
  }
  return undefined;
}

/** Current blocks first, then older versions newest first: a user may click a button already edited away. */
export function locateInMessage(msg: SlackMessage, actionId: string, blockId?: string): Located | undefined {
  for (let i = msg.history.length - 1; i >= 0; i--) {
    const version = msg.history[i];
    const found = version ? locate(version.blocks, actionId, blockId) : undefined;
    if (found) return found;
  }
  return undefined;
}

export function optionsOf(element: Obj): Obj[] {
  if (Array.isArray(element.options)) return element.options.filter(isObj);
  if (!Array.isArray(element.option_groups)) return [];
  return element.option_groups
    .filter(isObj)
    .flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObj) : []));
}

export const STATEFUL_TYPES = new Set(['radio_buttons', 'static_select', 'checkboxes']);

/** The state.values entry of a stateful element with the given selection (or its initial option, or nothing). */
export function stateEntry(element: Obj, selected: Obj[] | undefined): Obj {
  const type = str(element, 'type') ?? '';
  if (type === 'checkboxes') {
    const initial = Array.isArray(element.initial_options) ? element.initial_options.filter(isObj) : [];
    return { type, selected_options: selected ?? initial };
  }
  const initial = isObj(element.initial_option) ? element.initial_option : null;
  return { type, selected_option: selected ? (selected[0] ?? null) : initial };
}
