import type { StopRequest } from '../approvals/types.js';
import { describeError, StateConflictError } from '../errors.js';
import { cleanCloudText } from '../lib/clean-cloud-text.js';
import { withRequest } from '../lib/request-context.js';
import { showCard } from '../workflow/notices.js';
import type { BotDeps, Reply } from './deps.js';
import { showRequestCard, tellApprovers } from './stop/publish.js';
import { existingText, newUndoRequest, nothingToStart, undoRefusal } from './undo-preflight.js';
import { echoText, plural, providerLabel } from './views/text.js';

export interface UndoAsk {
  /** The stop request to undo. */
  stopId: string;
  /** Who asked (clicked Start again or typed /stop undo): the start request's requester. */
  user: string;
  reason: string;
}

/** A link to a request's card (its thread), or undefined when Slack has none for us. */
export async function cardLink(deps: BotDeps, request: StopRequest): Promise<string | undefined> {
  return request.card ? deps.permalink(request.card) : undefined;
}

/**
 * Start again (from the button or `/stop undo`): a start request for exactly
 * what the stop request stopped, with its own card and the same approval.
 * One per stop request: another ask answers with the one that exists.
 */
export async function requestUndo(deps: BotDeps, ask: UndoAsk, reply: Reply): Promise<void> {
  const stop = await deps.store.getRequest(ask.stopId);
  const outcomes = stop ? await deps.store.getOutcomes(stop.id) : {};
  const refusal = undoRefusal(stop, ask.stopId, outcomes);
  if (refusal || !stop) return reply(refusal ?? '');
  const verdict = await deps.policy.mayRequest(ask.user, stop.channel);
  if (!verdict.ok) return reply(`You can't ask to start these again: ${verdict.reason}.`);
  const provider = deps.providers.get(stop.provider);
  if (!provider) {
    return reply(
      `${providerLabel(stop.provider)} is no longer configured on this bot, so I can't start anything there.`,
    );
  }
  const stoppedIds = stop.targets.filter((m) => outcomes[m.id]?.state === 'stopped').map((m) => m.id);
  let resolved: Awaited<ReturnType<typeof provider.resolve>>;
  try {
    resolved = await provider.resolve(stoppedIds);
  } catch (err) {
    return reply(
      `I couldn't check the machines with ${providerLabel(stop.provider)}: ${echoText(cleanCloudText(describeError(err)))}. Nothing was requested.`,
    );
  }
  const request = newUndoRequest({
    id: deps.newId(),
    stop,
    outcomes,
    resolved,
    requester: ask.user,
    reason: ask.reason,
    now: deps.clock.now(),
    expiresInMs: deps.settings.expiresInMs,
    undoesLink: await cardLink(deps, stop),
    approvers: deps.policy.approversFor(stop.provider),
  });
  if (request.targets.length === 0) return reply(nothingToStart(request));
  const created = await deps.store.createUndo(request);
  if (!created.ok) {
    if (created.reason === 'taken') return reply(existingText(stop.id, created.existing));
    if (created.reason === 'id_taken')
      throw new StateConflictError(`request ID ${request.id} is already taken`);
    return reply(
      undoRefusal(await deps.store.getRequest(stop.id), stop.id, outcomes) ?? 'Nothing was requested.',
    );
  }
  await withRequest(request.id, () => publishStart(deps, request, created.stop, reply));
}

async function publishStart(deps: BotDeps, request: StopRequest, stop: StopRequest, reply: Reply) {
  deps.metrics.requests.inc({ provider: request.provider, outcome: 'created' });
  deps.logger.info(
    {
      requestId: request.id,
      undoes: request.undoes,
      provider: request.provider,
      requester: request.requester,
      targets: request.targets.length,
      skipped: request.skipped.length,
      gone: request.gone?.length ?? 0,
    },
    'start requested',
  );
  await deps.store.appendAudit(request.id, {
    at: request.createdAt,
    type: 'requested',
    actor: request.requester,
    detail: {
      operation: 'start',
      undoes: request.undoes,
      provider: request.provider,
      targets: request.targets.map((m) => m.id),
      skipped: request.skipped.map((m) => m.id),
      gone: (request.gone ?? []).map((m) => m.id),
      reason: request.reason,
    },
  });
  await deps.store.appendAudit(stop.id, {
    at: request.createdAt,
    type: 'undo_requested',
    actor: request.requester,
    detail: { startRequest: request.id },
  });
  await deps.workflow.requested(request);
  const shown = await showRequestCard(deps, request, reply);
  if (shown === 'failed') return;
  const card = shown === 'later' ? undefined : shown;
  if (card && deps.settings.notify === 'dm') await tellApprovers(deps, { ...request, card });
  // The stop's card says a start request exists; its thread links to it.
  await showCard(deps, stop, await deps.store.getOutcomes(stop.id));
  if (stop.card) {
    const link = card ? await cardLink(deps, { ...request, card }) : undefined;
    const ref = link ? `<${link}|${request.id}>` : `*${request.id}*`;
    await deps.slack.postMessage(
      {
        channel: stop.card.channel,
        thread_ts: stop.card.ts,
        text: `↩️ <@${request.requester}> asked to start again ${plural(request.targets.length, 'machine')} this request stopped: ${ref}`,
        unfurl_links: false,
      },
      'must',
    );
  }
}

/** For `/stop status`: the line naming a request's other half, with a link to its card. */
export async function relatedLine(deps: BotDeps, request: StopRequest): Promise<string | undefined> {
  const otherId = request.undoneBy ?? request.undoes;
  if (!otherId) return undefined;
  const other = await deps.store.getRequest(otherId);
  const link = other ? await cardLink(deps, other) : undefined;
  const ref = link ? `<${link}|${otherId}>` : `*${otherId}*`;
  return request.undoneBy
    ? `↩️ Start again requested: ${ref}${other ? ` (${other.state})` : ''}`
    : `↩️ Starts again what ${ref} stopped`;
}
