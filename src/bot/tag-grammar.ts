import type { TagFilter } from '../domain/types.js';

/**
 * The words of a tag selection: `key=value` (that value exactly) or `key` (any
 * value). The first `=` splits key from value, so a value may hold `=`. Shared
 * by `/stop … --tag` and the modal's tags field (one `key=value` a line).
 * Pure: text in, filters or a plain-language error out.
 */

/** Most `--tag` one request may carry (Zenlayer takes ≤20 tag pairs; Huawei servers carry ≤20 tags). */
export const MAX_TAGS = 20;
/** Longest key and value read (AWS: 128 and 256; the other clouds allow less). */
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;
/** Room a full tag list takes in a command: each `--tag "key=value" `. */
export const TAG_TEXT_ROOM = MAX_TAGS * (MAX_TAG_KEY + MAX_TAG_VALUE + 12);

/**
 * Characters the clouds allow in tags (AWS: letters, digits, spaces and
 * `+ - = . _ : / @`; Huawei: letters, digits, `-`, `_` and CJK). Nothing that
 * could be read as markup, a mention or a shell word.
 */
const KEY_RE = /^[\p{L}\p{N}_.:/+@-](?:[\p{L}\p{N} _.:/+@-]*[\p{L}\p{N}_.:/+@-])?$/u;
const VALUE_RE = /^[\p{L}\p{N} _.:/+@=-]*$/u;

export type TagResult = { ok: true; tag: TagFilter } | { ok: false; error: string };

/** A short, printable echo of what was typed (no control characters, no markup). */
const shown = (text: string) =>
  text
    .slice(0, 40)
    .replace(/[\p{Cc}\p{Cf}<>&`*_~]/gu, '?')
    .concat(text.length > 40 ? '…' : '');

/** One `key=value` or `key`, as typed after `--tag`. */
export function parseTag(text: string): TagResult {
  const at = text.indexOf('=');
  const key = (at < 0 ? text : text.slice(0, at)).trim();
  const value = at < 0 ? undefined : text.slice(at + 1).trim();
  if (key === '') return { ok: false, error: `--tag needs a key before "=", e.g. --tag env=staging` };
  if (key.length > MAX_TAG_KEY)
    return { ok: false, error: `the tag key "${shown(key)}" is longer than ${MAX_TAG_KEY} characters` };
  if (!KEY_RE.test(key)) {
    return {
      ok: false,
      error: `the tag key "${shown(key)}" has characters tags cannot hold (use letters, digits, spaces and _ . : / + @ -)`,
    };
  }
  if (value === undefined) return { ok: true, tag: { key } };
  if (value === '')
    return {
      ok: false,
      error: `--tag ${shown(key)}= has no value; write --tag ${shown(key)} to match any value`,
    };
  if (value.length > MAX_TAG_VALUE)
    return {
      ok: false,
      error: `the value of tag "${shown(key)}" is longer than ${MAX_TAG_VALUE} characters`,
    };
  if (!VALUE_RE.test(value)) {
    return {
      ok: false,
      error: `the value of tag "${shown(key)}" has characters tags cannot hold (use letters, digits, spaces and _ . : / + @ = -)`,
    };
  }
  return { ok: true, tag: { key, value } };
}

/** Adds a tag to a list, dropping an exact repeat; an error when the list would pass MAX_TAGS. */
export function addTag(tags: TagFilter[], tag: TagFilter): string | undefined {
  if (tags.some((t) => t.key === tag.key && t.value === tag.value)) return undefined;
  if (tags.some((t) => t.key === tag.key)) {
    return `--tag ${shown(tag.key)} is given twice with different values; a machine has one value per key`;
  }
  if (tags.length >= MAX_TAGS) return `give at most ${MAX_TAGS} tags`;
  tags.push(tag);
  return undefined;
}

/**
 * The modal's tags field: one `key=value` (or `key`) a line, blank lines
 * ignored. Stops reading at the first problem (at the latest at tag MAX_TAGS + 1).
 */
export function parseTagLines(text: string): { ok: true; tags: TagFilter[] } | { ok: false; error: string } {
  const tags: TagFilter[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const parsed = parseTag(line);
    if (!parsed.ok) return parsed;
    const problem = addTag(tags, parsed.tag);
    if (problem) return { ok: false, error: problem };
  }
  return { ok: true, tags };
}

/** `env=staging`, `team` — how a tag is written back to people (inside a code span). */
export const tagText = (tag: TagFilter) => (tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`);
