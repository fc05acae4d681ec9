import { newRequest } from '../../approvals/new-request.js';
import type { StopRequest } from '../../approvals/types.js';
import type { ProviderName, StopMode } from '../../domain/types.js';
import { describeError } from '../../errors.js';
import { cleanCloudText } from '../../lib/clean-cloud-text.js';
import type { BotDeps } from '../deps.js';
import { preflightProblem } from '../views/preflight.js';
import { echoText, plural, providerLabel } from '../views/text.js';
import type { TagSelector } from './tags.js';

/** One stop request as asked, by the command or by the modal: the same checks for both. */
export interface StopAsk {
  provider: ProviderName;
  targets: readonly string[];
  tags: readonly TagSelector[];
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

export const TAGS_NOT_AVAILABLE =
  'Tag selection is not available yet: name the machines instead (the tags field must stay empty).';

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
  if (ask.tags.length > 0) return { field: 'tags', text: TAGS_NOT_AVAILABLE };
  if (ask.targets.length === 0)
    return { field: 'targets', text: 'Name at least one machine to stop, by ID or name.' };
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
  let resolved: Awaited<ReturnType<typeof provider.resolve>>;
  try {
    resolved = await provider.resolve(ask.targets);
  } catch (err) {
    return fail(
      'targets',
      `I couldn't check the targets with ${providerLabel(ask.provider)}: ${echoText(cleanCloudText(describeError(err)))}. Nothing was requested.`,
    );
  }
  const problem = preflightProblem(resolved);
  if (problem) return fail('targets', problem);
  const request = newRequest({
    id: deps.newId(),
    provider: ask.provider,
    modes: provider.capabilities.modes,
    mode: ask.mode,
    requester: ask.user,
    channel: ask.channel,
    reason: ask.reason,
    approvers: deps.policy.approversFor(ask.provider),
    machines: resolved.found,
    now: deps.clock.now(),
    expiresInMs: deps.settings.expiresInMs,
  });
  if (request.targets.length === 0) {
    return fail(
      'targets',
      `All ${plural(request.skipped.length, 'target')} are already stopped. Nothing to do.`,
    );
  }
  return { ok: true, request };
}
