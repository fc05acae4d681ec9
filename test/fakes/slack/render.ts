import type { Obj, SlackMessage } from './types.js';
import { isObj, str } from './wire.js';

/** Plain text of a text object (mrkdwn is kept as written). */
function textOf(value: unknown): string {
  return isObj(value) ? (str(value, 'text') ?? '') : '';
}

function options(el: Obj): Obj[] {
  const plain = Array.isArray(el.options) ? el.options : [];
  const grouped = Array.isArray(el.option_groups)
    ? el.option_groups.flatMap((g) => (isObj(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...plain, ...grouped].filter(isObj);
}

function chosen(el: Obj): Set<unknown> {
  const initial = isObj(el.initial_option) ? [el.initial_option] : [];
  const many = Array.isArray(el.initial_options) ? el.initial_options.filter(isObj) : [];
  return new Set([...initial, ...many].map((o) => o.value));
}

/** One interactive element: `[ Approve ]`, `( ) SOFT (•) HARD`, `[ ] a [x] b`. */
export function renderElement(el: Obj): string {
  const type = str(el, 'type');
  if (type === 'button') return `[ ${textOf(el.text)} ]`;
  if (type === 'image') return `[image: ${str(el, 'alt_text') ?? ''}]`;
  if (type === 'radio_buttons' || type === 'static_select' || type === 'checkboxes') {
    const picked = chosen(el);
    const [on, off] = type === 'checkboxes' ? ['[x]', '[ ]'] : ['(•)', '( )'];
    return options(el)
      .map((o) => `${picked.has(o.value) ? on : off} ${textOf(o.text)}`)
      .join(' ');
  }
  if (type === 'overflow') return '[ … ]';
  return `[${type ?? 'element'}]`;
}

function richText(value: unknown): string {
  if (!isObj(value)) return '';
  if (typeof value.text === 'string') return value.text;
  if (value.type === 'user') return `<@${String(value.user_id)}>`;
  if (value.type === 'usergroup') return `<!subteam^${String(value.usergroup_id)}>`;
  if (value.type === 'channel') return `<#${String(value.channel_id)}>`;
  return Array.isArray(value.elements) ? value.elements.map(richText).join('') : '';
}

function renderBlock(block: Obj): string {
  switch (block.type) {
    case 'header':
      return `# ${textOf(block.text)}`;
    case 'section': {
      const lines = [textOf(block.text)].filter(Boolean);
      if (Array.isArray(block.fields)) lines.push(...block.fields.map(textOf));
      if (isObj(block.accessory)) lines.push(renderElement(block.accessory));
      return lines.join('\n');
    }
    case 'context':
      return Array.isArray(block.elements)
        ? block.elements
            .map((e) => (isObj(e) && e.type === 'image' ? renderElement(e) : textOf(e)))
            .join(' · ')
        : '';
    case 'divider':
      return '----------------------------------------';
    case 'actions':
      return Array.isArray(block.elements) ? block.elements.filter(isObj).map(renderElement).join('  ') : '';
    case 'rich_text':
      return richText(block);
    case 'image':
      return renderElement(block);
    case 'markdown':
      return str(block, 'text') ?? '';
    default:
      return `[${String(block.type)}]`;
  }
}

/** Blocks as lines of plain text, one or more lines per block. */
export function renderBlocks(blocks: Obj[]): string {
  return blocks.map(renderBlock).join('\n');
}

/** A message as people would read it: its blocks, or its text when it has none. */
export function renderMessage(msg: { text: string; blocks: Obj[] }): string {
  return msg.blocks.length > 0 ? renderBlocks(msg.blocks) : msg.text;
}

interface Conversation {
  channelMessages(channel: string): SlackMessage[];
  thread(channel: string, ts: string): SlackMessage[];
}

/** A channel with each root message followed by its thread replies (indented with '│ '). */
export function renderChannel(fake: Conversation, channel: string): string {
  const out: string[] = [];
  for (const msg of fake.channelMessages(channel)) {
    if (msg.threadTs !== undefined) continue;
    out.push(`[${msg.ts}] <@${msg.user}>`, renderMessage(msg));
    for (const reply of fake.thread(channel, msg.ts)) {
      const lines = [`[${reply.ts}] <@${reply.user}>`, ...renderMessage(reply).split('\n')];
      out.push(...lines.map((l) => `  │ ${l}`));
    }
    out.push('');
  }
  return out.join('\n');
}
