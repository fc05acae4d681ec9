import { cleanReason, type ParseResult, REQUEST_ID_RE, type Token } from './parse.js';

/**
 * `/stop undo <request-id> [--reason <text>]`: ask to start again what a stop
 * request stopped. Pure, like the rest of the grammar.
 */
export function parseUndo(tokens: readonly Token[]): ParseResult {
  const [idToken, ...rest] = tokens;
  const fail = (error: string): ParseResult => ({ ok: false, error });
  if (!idToken || idToken.quoted)
    return fail('`undo` takes the ID of a stop request, e.g. `/stop undo SR-7K2M9QXA4B`');
  const requestId = idToken.text.toUpperCase();
  if (!REQUEST_ID_RE.test(requestId))
    return fail(`"${idToken.text}" is not a request ID (they look like SR-7K2M9QXA4B)`);
  if (rest.length === 0) return { ok: true, command: { kind: 'undo', requestId, reason: '' } };
  const [flagToken, ...words] = rest;
  const flag = flagToken?.quoted ? undefined : /^(--?|—)reason(?:=(.*))?$/i.exec(flagToken?.text ?? '');
  if (!flag) return fail('after the request ID, `undo` takes only --reason <text>');
  const text = [...(flag[2] !== undefined ? [flag[2]] : []), ...words.map((w) => w.text)].join(' ');
  const cleaned = cleanReason(text);
  if (typeof cleaned !== 'string') return fail(cleaned.error);
  if (cleaned === '') return fail('--reason needs some text, e.g. --reason "incident over"');
  return { ok: true, command: { kind: 'undo', requestId, reason: cleaned } };
}
