/**
 * Tag selectors as a person writes them: `key=value` (or `key` alone, any
 * value), one per line in the modal, one per `--tag` on the command line.
 */
export interface TagSelector {
  key: string;
  /** Undefined: any value of the key. */
  value?: string;
}

const MAX_TAGS = 10;
const MAX_KEY = 128;
const MAX_VALUE = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Parse one `key[=value]`; a plain-language error when it cannot be a tag. */
export function parseTag(text: string): TagSelector | string {
  const at = text.indexOf('=');
  const key = (at < 0 ? text : text.slice(0, at)).trim();
  const value = at < 0 ? undefined : text.slice(at + 1).trim();
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (key === '') return `"${shown}" has no tag key; write key=value, e.g. env=staging`;
  if (key.length > MAX_KEY) return `the tag key "${key.slice(0, 40)}…" is longer than ${MAX_KEY} characters`;
  if (value !== undefined && value.length > MAX_VALUE)
    return `the value of tag "${key}" is longer than ${MAX_VALUE} characters`;
  if (CONTROL.test(key) || (value !== undefined && CONTROL.test(value)))
    return `"${shown}" contains control characters`;
  if (value === '')
    return `tag "${key}=" has an empty value; write ${key}=<value>, or just ${key} for any value`;
  return value === undefined ? { key } : { key, value };
}

/** Parse the modal's tags field: one selector per non-empty line; duplicates dropped. */
export function parseTagLines(
  text: string,
): { ok: true; tags: TagSelector[] } | { ok: false; error: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length > MAX_TAGS) return { ok: false, error: `at most ${MAX_TAGS} tags, one per line` };
  const tags: TagSelector[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const tag = parseTag(line);
    if (typeof tag === 'string') return { ok: false, error: tag };
    const id = `${tag.key}\u0000${tag.value ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    tags.push(tag);
  }
  return { ok: true, tags };
}
