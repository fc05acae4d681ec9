import { newRequest } from '../../approvals/new-request.js';
import type { StopRequest } from '../../approvals/types.js';
import type { ProviderName, StopMode, TagFilter } from '../../domain/types.js';
import type { BotDeps } from '../deps.js';
import { selectMachines, tagSelectionProblem } from '../select.js';
import { plural, providerLabel } from '../views/text.js';

/** One stop request as asked, by the command or by the modal: the same checks for both. */
export interface StopAsk {
  provider: ProviderName;
  targets: readonly string[];
  tags: readonly TagFilter[];
  mode?: StopMode;
  reason: string;
  user: string;
  channel: string;
}

/** Which input a problem is about (the modal shows it next to that field). */
export type StopField = 'provider' | 'targets' | 'tags' | 'mode' | 'reason' | 'general';
export interface StopProblem {
  field: StopField;
  text: string;
}

/** Checks that need no I/O: is the provider here, does it offer the mode, can tags be used. */
export function quickCheck(deps: BotDeps, ask: Omit<StopAsk, 'user' | 'channel'>): StopProblem | undefined {
  const provider = deps.providers.get(ask.provider);
  const label = providerLabel(ask.provider);
  if (!provider) {
    return {
      field: 'provider',
      text: `${label} is not configured on this bot; the providers here are ${[...deps.providers.keys()].join(', ')}.`,
    };
  }
  if (ask.mode && !provider.capabilities.modes.includes(ask.mode)) {
    return {
      field: 'mode',
      text: `--${ask.mode.toLowerCase()} is not available on ${label}: it has no ${ask.mode} stop (only Huawei ECS and AWS EC2 offer SOFT and HARD).`,
    };
  }
  const untagged = tagSelectionProblem(provider, ask);
  if (untagged) return { field: 'tags', text: untagged };
  if (ask.targets.length === 0 && ask.tags.length === 0)
    return { field: 'targets', text: 'Name at least one machine to stop, by ID or name, or give tags.' };
  if (ask.targets.length > deps.settings.maxTargets) {
    return {
      field: 'targets',
      text: `That is ${ask.targets.length} targets; one request holds at most ${deps.settings.maxTargets}.`,
    };
  }
  return undefined;
}

export type Prepared = { ok: true; request: StopRequest } | { ok: false; problem: StopProblem };

/**
 * Who may ask here, then pre-flight with the provider: the request to publish,
 * or why not. Never stops anything.
 */
export async function prepareStop(deps: BotDeps, ask: StopAsk): Promise<Prepared> {
  const fail = (field: StopField, text: string): Prepared => ({ ok: false, problem: { field, text } });
  const quick = quickCheck(deps, ask);
  if (quick) return { ok: false, problem: quick };
  const verdict = await deps.policy.mayRequest(ask.user, ask.channel);
  if (!verdict.ok) return fail('general', `You can't request a stop here: ${verdict.reason}.`);
  const provider = deps.providers.get(ask.provider);
  if (!provider) return fail('provider', `${ask.provider} is not configured on this bot.`);
  const selected = await selectMachines(provider, ask, deps.settings);
  if (!selected.ok) return fail(selected.field, selected.text);
  const request = newRequest({
    id: deps.newId(),
    provider: ask.provider,
    modes: provider.capabilities.modes,
    mode: ask.mode,
    requester: ask.user,
    channel: ask.channel,
    reason: ask.reason,
    approvers: deps.policy.approversFor(ask.provider),
    machines: selected.machines,
    now: deps.clock.now(),
    expiresInMs: deps.settings.expiresInMs,
    selection: selected.selection,
  });
  if (request.targets.length === 0) {
    return fail(
      'targets',
      `All ${plural(request.skipped.length, 'target')} are already stopped. Nothing to do.`,
    );
  }
  return { ok: true, request };
}
