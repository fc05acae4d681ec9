import type { Obj } from './types.js';
import type { Problems } from './validate-blocks.js';
import { isObj, str } from './wire.js';

interface TextRule {
  max: number;
  plainOnly?: boolean;
}

export function validateTextObject(value: unknown, at: string, p: Problems, rule: TextRule): void {
  if (!isObj(value)) {
    p.add('must be a text object', at);
    return;
  }
  const type = value.type;
  if (type !== 'plain_text' && (rule.plainOnly || type !== 'mrkdwn')) {
    p.add(`must be ${rule.plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`, `${at}/type`);
  }
  const text = str(value, 'text');
  if (text === undefined || text.length === 0) p.add('must be more than 0 characters', `${at}/text`);
  p.maxLen(text, rule.max, `${at}/text`);
}

function validateConfirm(value: unknown, at: string, p: Problems): void {
  if (!isObj(value)) {
    p.add('must be a confirmation object', at);
    return;
  }
  validateTextObject(value.title, `${at}/title`, p, { max: 100, plainOnly: true });
  validateTextObject(value.text, `${at}/text`, p, { max: 300 });
  validateTextObject(value.confirm, `${at}/confirm`, p, { max: 30, plainOnly: true });
  validateTextObject(value.deny, `${at}/deny`, p, { max: 30, plainOnly: true });
  if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
    p.add('must be primary or danger', `${at}/style`);
  }
}

/** Option limits per @slack/types: text, value and description ≤ 75 (SLACK.md §2.2 says stay at 75). */
function validateOptions(options: unknown, at: string, p: Problems, max: number): Obj[] {
  if (!Array.isArray(options) || options.length === 0) {
    p.add('must provide at least one option', at);
    return [];
  }
  p.maxItems(options, max, at);
  const valid: Obj[] = [];
  options.forEach((o, i) => {
    if (!isObj(o)) {
      p.add('must be an option object', `${at}/${i}`);
      return;
    }
    validateTextObject(o.text, `${at}/${i}/text`, p, { max: 75 });
    const value = str(o, 'value');
    if (value === undefined) p.add('must provide value', `${at}/${i}/value`);
    p.maxLen(value, 75, `${at}/${i}/value`);
    if (o.description !== undefined)
      validateTextObject(o.description, `${at}/${i}/description`, p, { max: 75 });
    valid.push(o);
  });
  return valid;
}

function validateInitial(el: Obj, options: Obj[], at: string, p: Problems): void {
  const initial = el.initial_option;
  if (initial === undefined) return;
  const value = isObj(initial) ? str(initial, 'value') : undefined;
  if (!options.some((o) => o.value === value)) p.add('must match one of the options', `${at}/initial_option`);
}

const OPTION_LIMITS: Record<string, number> = {
  radio_buttons: 10,
  checkboxes: 10,
  static_select: 100,
  overflow: 5,
};
const PASSIVE_ELEMENTS = new Set([
  'image',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'users_select',
  'conversations_select',
  'channels_select',
  'external_select',
  'multi_users_select',
  'multi_static_select',
  'plain_text_input',
]);

/** Interactive element checks; `actionIds` catches duplicate action_ids within one block. */
export function validateElement(value: unknown, at: string, p: Problems, actionIds: Set<string>): void {
  if (!isObj(value)) {
    p.add('must be an element object', at);
    return;
  }
  const type = str(value, 'type') ?? '';
  const actionId = str(value, 'action_id');
  p.maxLen(actionId, 255, `${at}/action_id`);
  if (actionId !== undefined) {
    if (actionIds.has(actionId)) p.add(`duplicate action_id ${actionId}`, `${at}/action_id`);
    actionIds.add(actionId);
  }
  if (value.confirm !== undefined) validateConfirm(value.confirm, `${at}/confirm`, p);
  if (type === 'button') {
    validateTextObject(value.text, `${at}/text`, p, { max: 75, plainOnly: true });
    p.maxLen(str(value, 'value'), 2000, `${at}/value`);
    p.maxLen(str(value, 'url'), 3000, `${at}/url`);
    if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
      p.add('must be primary or danger', `${at}/style`);
    }
    return;
  }
  const maxOptions = OPTION_LIMITS[type];
  if (maxOptions !== undefined) {
    if (value.placeholder !== undefined) {
      validateTextObject(value.placeholder, `${at}/placeholder`, p, { max: 150, plainOnly: true });
    }
    if (type === 'static_select' && value.option_groups !== undefined) return;
    const options = validateOptions(value.options, `${at}/options`, p, maxOptions);
    validateInitial(value, options, at, p);
    return;
  }
  if (!PASSIVE_ELEMENTS.has(type)) p.add(`unsupported type: ${type}`, `${at}/type`);
}
