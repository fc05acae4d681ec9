import { CLOUD_ALIASES, CLOUD_NAMES, isCloudName } from '../config/clouds.js';
import type { ProviderName, StopMode, TagFilter } from '../domain/types.js';
import { parseUndo } from './parse-undo.js';
import { readTagFlag, TAG_TEXT_ROOM, unquotedWord } from './tag-flag.js';

/**
 * The /stop grammar:
 *   /stop <provider> [<target>,...] [--tag <key>[=<value>]]... [--soft|--hard] [--reason <text>]
 *   /stop status <request-id>
 *   /stop undo <request-id> [--reason <text>]
 *   /stop help
 * Pure: text in, a command or a plain-language error out.
 */
export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'status'; requestId: string }
  | { kind: 'undo'; requestId: string; reason: string }
  | {
      kind: 'stop';
      provider: ProviderName;
      targets: string[];
      /** Machines carrying all of these are selected too (AND); empty = listed targets only. */
      tags: TagFilter[];
      mode?: StopMode;
      reason: string;
    };

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; error: string };

/** The cloud names and their aliases, each pointing at the provider named after the cloud. */
export const PROVIDER_ALIASES: Readonly<Record<string, ProviderName>> = Object.fromEntries([
  ...CLOUD_NAMES.map((cloud) => [cloud, cloud]),
  ...CLOUD_ALIASES,
]);

/**
 * The provider a word names: a configured name as is; a cloud name or alias
 * (`ecs`) the provider named after that cloud, configured or not.
 */
export function providerNamed(word: string, configured: readonly ProviderName[]): ProviderName | undefined {
  if (configured.includes(word)) return word;
  if (isCloudName(word)) return word;
  return CLOUD_ALIASES.get(word);
}

export const MAX_REASON_LENGTH = 500;
const MAX_TARGET_LENGTH = 128;
const TARGET_RE = /^[\p{L}\p{N}][\p{L}\p{N}._:-]*$/u;
export const REQUEST_ID_RE = /^SR-[0-9A-Z]{10}$/;

export interface ParseOptions {
  maxTargets: number;
  /** The configured provider names, in config order (default: the cloud names). */
  providers?: readonly ProviderName[];
}

const fail = (error: string): ParseResult => ({ ok: false, error });

/**
 * Slack may auto-link words that look like hosts: `<http://a.b|a.b>` → `a.b`.
 * No part of a link may hold a `<`, so a failed match attempt stops at the
 * next `<`: the work is linear in the text, whatever it holds.
 */
function unwrapLinks(text: string): string {
  return text
    .replace(/<(?:https?|mailto):[^|<>]*\|([^<>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/)([^|<>]*)>/g, '$1');
}

/**
 * The longest command text read at all: every target at its longest, a
 * separator each, a full reason and room for the rest. Longer text is refused
 * before any parsing.
 */
export const maxCommandLength = (maxTargets: number) =>
  maxTargets * (MAX_TARGET_LENGTH + 1) + 4 * MAX_REASON_LENGTH + TAG_TEXT_ROOM + 1_000;

export type Token = { text: string; quoted: boolean };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const quotes: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const close = quotes[ch];
    if (close) {
      const end = text.indexOf(close, i + 1);
      if (end < 0)
        return 'a quote is not closed; put the reason in matching quotes, e.g. --reason "cpu miner"';
      tokens.push({ text: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    const word = unquotedWord(text, i, quotes);
    if (typeof word === 'string') return word;
    tokens.push({ text: word.text, quoted: false });
    i = word.end;
  }
  return tokens;
}

export function cleanReason(reason: string): string | { error: string } {
  const text = reason
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_REASON_LENGTH) {
    return { error: `the reason is ${text.length} characters long; keep it under ${MAX_REASON_LENGTH}` };
  }
  return text;
}

function checkTarget(target: string): string | undefined {
  if (target.length > MAX_TARGET_LENGTH) {
    return `target "${target.slice(0, 40)}…" is longer than ${MAX_TARGET_LENGTH} characters`;
  }
  if (!TARGET_RE.test(target)) {
    return `"${target}" is not a machine ID or name (use letters, digits, "." "_" "-" and ":")`;
  }
  return undefined;
}

export function parseCommand(raw: string, options: ParseOptions): ParseResult {
  const limit = maxCommandLength(options.maxTargets);
  if ((raw ?? '').length > limit) {
    return fail(`that command is ${raw.length} characters long; the most I read is ${limit}`);
  }
  const text = unwrapLinks(raw ?? '').trim();
  if (text === '') return fail('tell me what to stop');
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return fail(tokens);
  const [first, ...rest] = tokens;
  const head = (first?.text ?? '').toLowerCase();
  if (head === 'help' || head === '--help' || head === '-h') {
    return rest.length ? fail('`help` takes nothing after it') : { ok: true, command: { kind: 'help' } };
  }
  if (head === 'status') {
    if (rest.length !== 1)
      return fail('`status` takes exactly one request ID, e.g. `/stop status SR-7K2M9QXA4B`');
    const id = (rest[0]?.text ?? '').toUpperCase();
    if (!REQUEST_ID_RE.test(id))
      return fail(`"${rest[0]?.text}" is not a request ID (they look like SR-7K2M9QXA4B)`);
    return { ok: true, command: { kind: 'status', requestId: id } };
  }
  if (head === 'undo') return parseUndo(rest);
  // Lists and maps only: "constructor" or "__proto__" must not pass for a provider.
  const configured = options.providers ?? CLOUD_NAMES;
  const provider = providerNamed(head, configured);
  if (!provider) {
    return fail(
      `"${first?.text}" is not a provider I know; the providers here are ${configured.join(', ')} (or help)`,
    );
  }
  return parseStop(provider, rest, options);
}

function parseStop(provider: ProviderName, tokens: Token[], options: ParseOptions): ParseResult {
  let mode: StopMode | undefined;
  let reason: string | undefined;
  const targets: string[] = [];
  const tags: TagFilter[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const flag = tok.quoted ? undefined : /^(--?|—)([a-z-]+)(?:=(.*))?$/i.exec(tok.text);
    if (!flag) {
      if (tok.quoted) return fail(`"${tok.text}" is in quotes but is not a reason; write --reason before it`);
      for (const part of tok.text.split(',')) if (part !== '') targets.push(part);
      continue;
    }
    const name = (flag[2] ?? '').toLowerCase();
    if (name === 'soft' || name === 'hard') {
      if (flag[3] !== undefined) return fail(`--${name} takes no value`);
      const next: StopMode = name === 'hard' ? 'HARD' : 'SOFT';
      if (mode && mode !== next) return fail('choose one of --soft or --hard, not both');
      mode = next;
      continue;
    }
    if (name === 'tag') {
      const read = readTagFlag(tokens, i, flag[3], tags);
      if (typeof read === 'string') return fail(read);
      i = read;
      continue;
    }
    if (name === 'reason') {
      if (reason !== undefined) return fail('give --reason only once');
      const words: string[] = [];
      if (flag[3] !== undefined) words.push(flag[3]);
      else {
        while (
          i + 1 < tokens.length &&
          !(!tokens[i + 1]?.quoted && /^--?[a-z]/i.test(tokens[i + 1]?.text ?? ''))
        ) {
          words.push(tokens[++i]?.text ?? '');
          if (tokens[i]?.quoted) break;
        }
      }
      const cleaned = cleanReason(words.join(' '));
      if (typeof cleaned !== 'string') return fail(cleaned.error);
      if (cleaned === '') return fail('--reason needs some text, e.g. --reason "cpu miner found"');
      reason = cleaned;
      continue;
    }
    return fail(`I don't know the option "${tok.text}"; the options are --tag, --soft, --hard and --reason`);
  }
  const unique = [...new Set(targets)];
  if (unique.length === 0 && tags.length === 0)
    return fail('name at least one machine to stop, by ID or name, or select them with --tag key=value');
  if (unique.length > options.maxTargets) {
    return fail(`that is ${unique.length} targets; one request holds at most ${options.maxTargets}`);
  }
  for (const t of unique) {
    const problem = checkTarget(t);
    if (problem) return fail(problem);
  }
  return { ok: true, command: { kind: 'stop', provider, targets: unique, tags, mode, reason: reason ?? '' } };
}

export const USAGE = [
  '*Usage*',
  // mrkdwn: a bare < or > would be read as a link or mention, so they are escaped.
  '`/stop &lt;provider&gt; [&lt;target&gt;,...] [--tag &lt;key&gt;[=&lt;value&gt;]]... [--soft|--hard] [--reason &lt;text&gt;]`',
  '`/stop status &lt;request-id&gt;`',
  '`/stop undo &lt;request-id&gt; [--reason &lt;text&gt;]` (start again what a stop request stopped)',
  '`/stop help`',
  'Providers: `huawei` (ecs), `alibaba` (sae), `zenlayer` (bmc), `aws` (ec2), `sandbox`, or a name configured for',
  'another account or region (e.g. `huawei-dr`). Targets are IDs or names,',
  'separated by commas or spaces. `--tag env=staging` adds every machine carrying that tag',
  '(repeat it: all must match; `--tag env` matches any value). `--hard` forces the stop (Huawei ECS and AWS EC2 only).',
  'Example: `/stop huawei srv-1,srv-2 --reason "cpu miner found"`',
].join('\n');
