import type { StopRequest } from '../../approvals/types.js';
import type { TagFilter } from '../../domain/types.js';
import { tagText } from '../tag-grammar.js';
import { clip, codeText, plural, providerLabel } from './text.js';

/** Longest tag list written back (the card's first section, replies): longer lists are summarised. */
const TAG_LIST_MAX = 1000;

/** `env=staging` and `team=payments`, each in a code span; past TAG_LIST_MAX, "… and N more". */
export function tagList(tags: readonly TagFilter[]): string {
  const spans: string[] = [];
  let length = 0;
  for (const t of tags) {
    const span = `\`${codeText(clip(tagText(t), 120))}\``;
    if (spans.length && length + span.length > TAG_LIST_MAX) break;
    spans.push(span);
    length += span.length + 2;
  }
  const more = tags.length - spans.length;
  if (more) return `${spans.join(', ')} and ${plural(more, 'more tag')}`;
  return spans.length <= 1 ? (spans[0] ?? '') : `${spans.slice(0, -1).join(', ')} and ${spans.at(-1)}`;
}

/** The card's line on a tag selection: "`env=staging` matched 37; 2 already stopped". */
export function tagSelectionLine(request: StopRequest): string | undefined {
  const s = request.selection;
  if (!s) return undefined;
  const stopped = s.alreadyStopped ? `; ${s.alreadyStopped} already stopped` : '';
  return `*Selected by tag:* ${tagList(s.tags)} matched ${s.matched}${stopped}`;
}

/** The immediate answer to a well-formed /stop: what is being looked up. */
export function checkingText(cmd: {
  provider: string;
  targets: readonly string[];
  tags: readonly TagFilter[];
}) {
  const what = [
    ...(cmd.targets.length ? [plural(cmd.targets.length, 'target')] : []),
    ...(cmd.tags.length ? [`the machines tagged ${tagList(cmd.tags)}`] : []),
  ].join(' and ');
  return `Checking ${what} on ${providerLabel(cmd.provider)}…`;
}

export const tagsUnsupportedText = (provider: string) =>
  `${providerLabel(provider)} has no tags to select machines by, so --tag cannot be used there; list the machines instead. Nothing was requested.`;

export const noTagMatchText = (provider: string, tags: readonly TagFilter[]) =>
  `No machine on ${providerLabel(provider)} carries ${tags.length > 1 ? 'all of ' : ''}${tagList(tags)}. Nothing was requested.`;

export function tooManyTagMatchesText(
  tags: readonly TagFilter[],
  found: { total: number; exact: boolean },
  max: number,
): string {
  const count = found.exact ? `${found.total}` : `at least ${found.total}`;
  return `${tagList(tags)} matched ${count} machines; a tag selection may match at most ${plural(max, 'machine')}. Add another --tag to narrow it, or list the machines. Nothing was requested.`;
}
