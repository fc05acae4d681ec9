import { renderMessage } from '../test/fakes/slack/render.js';
import type { Ephemeral, Obj, SlackMessage } from '../test/fakes/slack/types.js';
import { clockTime, type Names, plainText } from './plain-text.js';

/** Something a person did: typed a command, clicked a button. */
export interface UserAction {
  at: number;
  channel: string;
  user: string;
  /** What they did, e.g. 'types /stop …' or 'clicks [ Approve ]'. */
  did: string;
}

export interface TranscriptInput {
  messages: readonly SlackMessage[];
  ephemerals: readonly Ephemeral[];
  actions: readonly UserAction[];
  /** Channels to show, in this order. */
  channels: readonly string[];
  names: Names;
  botUserId: string;
}

interface Entry {
  at: number;
  seq: number;
  channel: string;
  lines: string[];
}

const BODY = ' '.repeat(10);
const THREAD_BODY = ' '.repeat(14);

/** One message version as a person reads it. */
function body(version: { text: string; blocks: Obj[] }, names: Names, indent: string): string[] {
  return plainText(renderMessage(version), names)
    .split('\n')
    .map((line) => `${indent}${line}`.trimEnd());
}

function who(user: string, input: TranscriptInput): string {
  return user === input.botUserId ? 'stopbot' : `@${input.names[user] ?? user}`;
}

function messageEntries(m: SlackMessage, input: TranscriptInput): Entry[] {
  const first = m.history[0] ?? { text: m.text, blocks: m.blocks, at: 0 };
  const edited = m.history.length > 1;
  const author = who(m.user, input);
  if (m.threadTs !== undefined) {
    const shared = m.replyBroadcast ? ` · also sent to #${input.names[m.channel] ?? m.channel}` : '';
    const lines = [
      `${clockTime(first.at)}    ↳ ${author} replied in the thread${shared}${edited ? '  (edited)' : ''}`,
      ...body(m, input.names, THREAD_BODY),
    ];
    return [{ at: first.at, seq: 0, channel: m.channel, lines }];
  }
  const posted = [`${clockTime(first.at)}  ${author}`, ...body(first, input.names, BODY)];
  const entries: Entry[] = [{ at: first.at, seq: 0, channel: m.channel, lines: posted }];
  const last = m.history.at(-1);
  if (edited && last) {
    const lines = [
      `${clockTime(last.at)}  ${author}  (edited its message from ${clockTime(first.at)}; it now reads:)`,
      ...body(m, input.names, BODY),
    ];
    entries.push({ at: last.at, seq: 0, channel: m.channel, lines });
  }
  return entries;
}

function ephemeralEntry(e: Ephemeral, input: TranscriptInput): Entry | undefined {
  if (!e.channel) return undefined;
  // A command's immediate answer reaches the person with the command itself.
  const cause =
    e.source === 'ack'
      ? input.actions.filter((a) => a.user === e.user && a.at <= e.at).at(-1)?.at
      : undefined;
  const lines = [
    `${clockTime(cause ?? e.at)}  stopbot → @${input.names[e.user] ?? e.user}  (only visible to you)`,
    ...body(e, input.names, BODY),
  ];
  return { at: cause ?? e.at, seq: 0, channel: e.channel, lines };
}

/** The conversation, channel by channel, in time order: what people did and what they saw. */
export function renderTranscript(input: TranscriptInput): string {
  const entries: Entry[] = [
    ...input.actions.map((a) => ({
      at: a.at,
      seq: 0,
      channel: a.channel,
      lines: [`${clockTime(a.at)}  ▶ ${who(a.user, input)} ${a.did}`],
    })),
    ...input.messages.filter((m) => !m.deleted).flatMap((m) => messageEntries(m, input)),
    ...input.ephemerals.flatMap((e) => ephemeralEntry(e, input) ?? []),
  ].map((e, seq) => ({ ...e, seq }));
  entries.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const out: string[] = [];
  for (const channel of input.channels) {
    const title = `── #${input.names[channel] ?? channel} `;
    out.push(title.padEnd(72, '─'));
    for (const e of entries) if (e.channel === channel) out.push(...e.lines);
    out.push('');
  }
  return out.join('\n');
}
