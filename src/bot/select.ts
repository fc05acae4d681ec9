import type { TagSelection } from '../approvals/types.js';
import { describeError, ProviderError } from '../errors.js';
import { cleanCloudText } from '../lib/clean-cloud-text.js';
import type { Machine, Provider, TagFilter } from '../providers/types.js';
import { preflightProblem } from './views/preflight.js';
import { noTagMatchText, tagsUnsupportedText, tooManyTagMatchesText } from './views/tag-selection.js';
import { echoText, providerLabel } from './views/text.js';

/** What a person asked to stop: listed targets, tags (all must match), or both. */
export interface SelectionInput {
  targets: readonly string[];
  tags: readonly TagFilter[];
}

export interface SelectionLimits {
  maxTargets: number;
  maxTagMatches: number;
}

export type Selected =
  | { ok: true; machines: Machine[]; selection?: TagSelection }
  /** `field`: which input the refusal is about (the modal shows it next to that field). */
  | { ok: false; field: 'targets' | 'tags'; text: string };

/** The check that needs no I/O: a cloud without tags refuses --tag at once. */
export function tagSelectionProblem(provider: Provider, input: SelectionInput): string | undefined {
  if (input.tags.length && provider.capabilities.tags === 'none') return tagsUnsupportedText(provider.name);
  return undefined;
}

const lookupFailed = (provider: string, what: string, err: unknown) =>
  `I couldn't ${what} with ${providerLabel(provider)}: ${echoText(cleanCloudText(describeError(err)))}. Nothing was requested.`;

/**
 * Pre-flight of a selection, shared by the command and the modal: the listed
 * targets resolved, plus every machine carrying all the tags (duplicates
 * dropped, listed targets first). Refuses, in plain words and before anything
 * is requested, a cloud without tags, a selection no machine matches, and one
 * matching more than `maxTagMatches`. Never stops anything.
 */
export async function selectMachines(
  provider: Provider,
  input: SelectionInput,
  limits: SelectionLimits,
): Promise<Selected> {
  const early = tagSelectionProblem(provider, input);
  if (early) return { ok: false, field: 'tags', text: early };
  const machines: Machine[] = [];
  if (input.targets.length) {
    let resolved: Awaited<ReturnType<Provider['resolve']>>;
    try {
      resolved = await provider.resolve(input.targets);
    } catch (err) {
      return { ok: false, field: 'targets', text: lookupFailed(provider.name, 'check the targets', err) };
    }
    const problem = preflightProblem(resolved);
    if (problem) return { ok: false, field: 'targets', text: problem };
    machines.push(...resolved.found);
  }
  if (input.tags.length === 0) return { ok: true, machines };
  let found: Awaited<ReturnType<Provider['findByTags']>>;
  try {
    found = await provider.findByTags(input.tags, limits.maxTagMatches);
  } catch (err) {
    if (err instanceof ProviderError && err.providerCode === 'TagsUnsupported')
      return { ok: false, field: 'tags', text: tagsUnsupportedText(provider.name) };
    return { ok: false, field: 'tags', text: lookupFailed(provider.name, 'look the tags up', err) };
  }
  if (found.total === 0) return { ok: false, field: 'tags', text: noTagMatchText(provider.name, input.tags) };
  if (!found.exact || found.total > limits.maxTagMatches)
    return { ok: false, field: 'tags', text: tooManyTagMatchesText(input.tags, found, limits.maxTagMatches) };
  const listed = new Set(machines.map((m) => m.id));
  for (const m of found.machines) if (!listed.has(m.id)) machines.push(m);
  if (machines.length > limits.maxTargets) {
    return {
      ok: false,
      field: 'targets',
      text: `That selects ${machines.length} machines; one request holds at most ${limits.maxTargets}. Nothing was requested.`,
    };
  }
  const selection: TagSelection = {
    tags: input.tags.map((t) => ({ ...t })),
    matched: found.total,
    alreadyStopped: found.machines.filter((m) => m.stopped).length,
  };
  return { ok: true, machines, selection };
}
