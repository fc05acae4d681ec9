import type { Obj } from './types.js';
import { validateElement, validateTextObject } from './validate-elements.js';
import { isObj, str } from './wire.js';

/** Collects Slack-style errors: "<problem> [json-pointer:/blocks/0/text/text]". */
export class Problems {
  readonly list: string[] = [];
  add(problem: string, pointer: string): void {
    this.list.push(`${problem} [json-pointer:${pointer}]`);
  }
  maxLen(value: string | undefined, max: number, pointer: string): void {
    if (value !== undefined && value.length > max)
      this.add(`must be less than ${max + 1} characters`, pointer);
  }
  maxItems(items: unknown[], max: number, pointer: string): void {
    if (items.length > max) this.add(`must have no more than ${max} items`, pointer);
  }
}

const MESSAGE_BLOCK_LIMIT = 50;

/** Basic Block Kit limits for message surfaces (SLACK.md §2.2). Returns [] when the blocks are acceptable. */
export function validateMessageBlocks(blocks: Obj[]): string[] {
  const p = new Problems();
  p.maxItems(blocks, MESSAGE_BLOCK_LIMIT, '/blocks');
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `/blocks/${i}`;
    const blockId = str(block, 'block_id');
    if (blockId !== undefined) {
      p.maxLen(blockId, 255, `${at}/block_id`);
      if (blockIds.has(blockId)) p.add(`duplicate block_id ${blockId}`, `${at}/block_id`);
      blockIds.add(blockId);
    }
    validateBlock(block, at, p);
  });
  return p.list;
}

function validateBlock(block: Obj, at: string, p: Problems): void {
  switch (block.type) {
    case 'section':
      validateSection(block, at, p);
      return;
    case 'header':
      validateTextObject(block.text, `${at}/text`, p, { max: 150, plainOnly: true });
      return;
    case 'context':
      validateContext(block, at, p);
      return;
    case 'actions':
      validateActions(block, at, p);
      return;
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'markdown':
      return;
    default:
      p.add(`unsupported type: ${String(block.type)}`, `${at}/type`);
  }
}

function validateSection(block: Obj, at: string, p: Problems): void {
  const { text, fields, accessory } = block;
  if (text === undefined && fields === undefined) p.add('must provide either text or fields', at);
  if (text !== undefined) validateTextObject(text, `${at}/text`, p, { max: 3000 });
  if (fields !== undefined) {
    if (!Array.isArray(fields)) p.add('must be an array', `${at}/fields`);
    else {
      p.maxItems(fields, 10, `${at}/fields`);
      fields.forEach((f, j) => {
        validateTextObject(f, `${at}/fields/${j}`, p, { max: 2000 });
      });
    }
  }
  if (accessory !== undefined) validateElement(accessory, `${at}/accessory`, p, new Set());
}

function validateContext(block: Obj, at: string, p: Problems): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    p.add('must provide at least one element', `${at}/elements`);
    return;
  }
  p.maxItems(elements, 10, `${at}/elements`);
  elements.forEach((el, j) => {
    if (isObj(el) && el.type === 'image') return;
    validateTextObject(el, `${at}/elements/${j}`, p, { max: 3000 });
  });
}

function validateActions(block: Obj, at: string, p: Problems): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    p.add('must provide at least one element', `${at}/elements`);
    return;
  }
  p.maxItems(elements, 25, `${at}/elements`);
  const actionIds = new Set<string>();
  elements.forEach((el, j) => {
    validateElement(el, `${at}/elements/${j}`, p, actionIds);
  });
}
