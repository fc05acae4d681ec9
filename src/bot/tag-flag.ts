import type { TagFilter } from '../domain/types.js';
import { addTag, parseTag } from './tag-grammar.js';

export { TAG_TEXT_ROOM } from './tag-grammar.js';

/** A word of the command as the tokenizer gives it. */
interface Word {
  text: string;
  quoted: boolean;
}

/**
 * `--tag key=value`, `--tag "key=value with spaces"`, `--tag=key=value` or
 * `--tag key`: reads the tag of the `--tag` at `at` into `tags`. Returns the
 * index of the last word it used, or what is wrong in plain words.
 */
export function readTagFlag(
  words: readonly Word[],
  at: number,
  inline: string | undefined,
  tags: TagFilter[],
): number | string {
  let text = inline;
  let last = at;
  if (text === undefined) {
    const next = words[at + 1];
    if (!next || (!next.quoted && /^(--?|—)[a-z]/i.test(next.text)))
      return '--tag needs a tag after it, e.g. --tag env=staging or --tag env';
    text = next.text;
    last = at + 1;
  }
  const parsed = parseTag(text);
  if (!parsed.ok) return parsed.error;
  return addTag(tags, parsed.tag) ?? last;
}

/**
 * An unquoted word from `start` to the next space; a quote right after `=`
 * (`team="payments east"`) runs to its closing quote and is dropped.
 */
export function unquotedWord(
  text: string,
  start: number,
  quotes: Record<string, string>,
): { text: string; end: number } | string {
  let out = '';
  let from = start;
  let j = start;
  while (j < text.length && !/\s/.test(text[j] ?? '')) {
    const close = j > start && text[j - 1] === '=' ? quotes[text[j] ?? ''] : undefined;
    if (close) {
      const end = text.indexOf(close, j + 1);
      if (end < 0)
        return 'a quote is not closed; put the value in matching quotes, e.g. --tag team="payments east"';
      out += text.slice(from, j) + text.slice(j + 1, end);
      from = j = end + 1;
      continue;
    }
    j++;
  }
  return { text: out + text.slice(from, j), end: j };
}
