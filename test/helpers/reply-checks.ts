/**
 * What a reply shown to a person must never look like: empty, a stack trace,
 * leaked internals ("undefined", "[object …]", NaN), control characters, or
 * a `<` that is not one of Slack's own control sequences (unescaped user text).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const SLACK_SEQUENCE = /^<(@[UW][A-Z0-9]+|#C[A-Z0-9]+(\|[^<>]*)?|!date\^[^<>]+|https?:\/\/[^<>\s]+)>/;

export function cleanReplyProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.trim() === '') problems.push('empty reply');
  if (/\n\s+at \S+.*:\d+:\d+/.test(text) || /\bat (async )?\S+ \(.*:\d+:\d+\)/.test(text)) {
    problems.push('stack trace');
  }
  if (/\bundefined\b/.test(text)) problems.push('"undefined"');
  if (text.includes('[object ')) problems.push('"[object …]"');
  if (/\bNaN\b/.test(text)) problems.push('"NaN"');
  if (CONTROL.test(text)) problems.push('control character');
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if (!SLACK_SEQUENCE.test(text.slice(i))) {
      problems.push(`unescaped "<" at ${JSON.stringify(text.slice(i, i + 30))}`);
      break;
    }
  }
  return problems;
}

/** Live Slack mentions in a text: <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U…>. */
export function liveMentions(text: string): string[] {
  return [...text.matchAll(/<(?:!(?:channel|here|everyone|subteam\^)[^>]*|@[UW][^>]*)>/g)].map((m) => m[0]);
}
