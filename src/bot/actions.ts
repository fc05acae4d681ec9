import type { App, BlockAction } from '@slack/bolt';
import { onceKeys } from '../approvals/once-keys.js';
import type { AuditEvent, StopRequest } from '../approvals/types.js';
import type { StopMode } from '../domain/types.js';
import { describeError, StateUnavailableError } from '../errors.js';
import { withRequest } from '../lib/request-context.js';
import { showCard } from '../workflow/notices.js';
import { withCardRecorded } from './card-recorded.js';
import { type Click, readClick } from './click.js';
import type { BotDeps, Reply } from './deps.js';
import { publishHome } from './home/publish.js';
import { REQUEST_ID_RE } from './parse.js';
import { openRejectModal, registerRejectModal } from './reject/register.js';
import { ephemeralReply, slackCall } from './slack-call.js';
import { registerUndoAction } from './undo-command.js';
import { ACTION_APPROVE, ACTION_IDS, ACTION_MODE, ACTION_REJECT } from './views/action-ids.js';
import { refusalText } from './views/refusal.js';

export function registerActions(app: App, deps: BotDeps): void {
  // Clicks on anything that is not ours: ack and say so, never a 3-second 404.
  app.use(async ({ body, next, ack }) => {
    const actions = (body as { type?: string; actions?: { action_id?: string }[] }).actions;
    if (
      (body as { type?: string }).type === 'block_actions' &&
      !actions?.every((a) => ACTION_IDS.includes(a.action_id as never))
    ) {
      if (ack) await ack();
      return;
    }
    await next();
  });
  const handle = (kind: 'approve' | 'reject' | 'mode') =>
    (async ({ ack, body, respond, context }) => {
      await ack();
      // A click in the App Home has no response_url: answer in the app's messages tab instead.
      const user = (body as BlockAction).user.id;
      const reply = (body as { response_url?: string }).response_url
        ? ephemeralReply(deps, respond)
        : async (text: string) => {
            await slackCall(deps, 'chat.postMessage', () =>
              deps.client.chat.postMessage({ channel: user, text }),
            );
          };
      const click = { ...readClick(body as BlockAction), retry: context.retryNum };
      try {
        await onClick(deps, kind, click, reply);
        // A decision taken from the App Home: show that home as it is now.
        if ((body as { view?: { type?: string } }).view?.type === 'home') await publishHome(deps, click.user);
      } catch (err) {
        deps.logger.error({ err: describeError(err), requestId: click.requestId }, 'click failed');
        await reply(
          err instanceof StateUnavailableError
            ? 'I could not reach my state store, so I could not act on your click: nothing changed. Please try again in a moment.'
            : 'Something went wrong on my side; nothing changed. Please try again in a minute.',
        );
      }
    }) as Parameters<App['action']>[1];
  app.action(ACTION_APPROVE, handle('approve'));
  app.action(ACTION_REJECT, handle('reject'));
  app.action(ACTION_MODE, handle('mode'));
  registerRejectModal(app, deps, async (click, reply) => {
    await onClick(deps, 'reject', click, reply);
    if (click.fromHome) await publishHome(deps, click.user);
  });
  registerUndoAction(app, deps);
}

/**
 * Load the request the button names, and make sure the button sits on that
 * request's card: the same message in the same channel. A click that does not
 * say where it came from, or comes before the card is recorded, is refused.
 */
async function loadFor(deps: BotDeps, click: Click, reply: Reply): Promise<StopRequest | undefined> {
  const id = click.requestId ?? '';
  if (!REQUEST_ID_RE.test(id)) {
    await reply('That button does not name a request I know. Nothing changed.');
    return undefined;
  }
  const request = await withCardRecorded(deps, id, click);
  if (!request) {
    await reply(`I have no record of request ${id}. Nothing changed.`);
    return undefined;
  }
  if (click.fromHome) return request;
  if (!click.messageTs || !click.channel) {
    await reply(
      'That click did not say which message it came from, so I cannot tie it to a request card. Nothing changed.',
    );
    return undefined;
  }
  if (!request.card) {
    await reply('That request card is still being set up; try again in a moment. Nothing changed.');
    return undefined;
  }
  if (request.card.ts !== click.messageTs) {
    await reply('That button does not belong to this request card. Nothing changed.');
    return undefined;
  }
  if (request.card.channel !== click.channel) {
    await reply('That click came from another channel than the request card. Nothing changed.');
    return undefined;
  }
  return request;
}

async function onClick(deps: BotDeps, kind: 'approve' | 'reject' | 'mode', click: Click, reply: Reply) {
  if (kind === 'mode') return onMode(deps, click, reply);
  const request = await loadFor(deps, click, reply);
  if (!request) return;
  await withRequest(request.id, () => decide(deps, kind, request, click, reply));
}

async function decide(
  deps: BotDeps,
  kind: 'approve' | 'reject',
  request: StopRequest,
  click: Click,
  reply: Reply,
) {
  const at = deps.clock.now();
  const verdict = await deps.policy.mayApprove(click.user, request.provider);
  // The requester may withdraw their own request; approvers may reject any.
  const allowed = verdict.ok || (kind === 'reject' && click.user === request.requester);
  // A Reject that would be accepted first asks for an optional reason; when the dialog
  // cannot be opened, it rejects at once without one. The dialog's submission decides.
  if (
    kind === 'reject' &&
    allowed &&
    click.reason === undefined &&
    request.state === 'pending' &&
    at < request.expiresAt &&
    (await openRejectModal(deps, request, click))
  )
    return;
  const result = await deps.store.decide(request.id, {
    action: kind,
    user: click.user,
    at,
    allowed,
    selfApproval: deps.policy.selfApproval,
    seenVersion: click.seenVersion,
    reason: kind === 'reject' && click.reason ? click.reason : undefined,
  });
  await audit(deps, request.id, {
    at,
    type: `click_${kind}`,
    actor: click.user,
    // A refused click is noise anyone can make: the store keeps the first few and counts the rest.
    refused: result.ok ? undefined : result.reason,
    detail: {
      allowed: result.ok,
      reason: result.ok ? undefined : result.reason,
      retry: click.retry,
      seenVersion: click.seenVersion,
      rejectReason: result.ok && kind === 'reject' && click.reason ? click.reason : undefined,
    },
  });
  if (!result.ok) {
    deps.metrics.clicksRefused.inc({ reason: result.reason });
    deps.logger.info(
      { requestId: request.id, user: click.user, action: kind, reason: result.reason },
      'click refused',
    );
    if (result.reason === 'expired') await deps.workflow.expire(request.id);
    const text =
      result.reason === 'not_allowed' && !verdict.ok
        ? `You can't ${kind} this request: ${verdict.reason}.`
        : refusalText(result.reason, result.request, kind);
    return reply(text);
  }
  const decided = result.request;
  deps.metrics.requests.inc({ provider: decided.provider, outcome: decided.state });
  deps.logger.info(
    { requestId: decided.id, user: click.user, provider: decided.provider, mode: decided.mode },
    `request ${decided.state}`,
  );
  if (decided.state === 'approved') {
    deps.metrics.timeToApproval.observe({ provider: decided.provider }, (at - decided.createdAt) / 1000);
    try {
      await deps.workflow.approved(decided);
    } catch (err) {
      // The approval stands; the reconciler queues the stop once the job queue is reachable.
      deps.logger.error(
        { requestId: decided.id, err: describeError(err) },
        'approved, but the stop job could not be queued yet',
      );
      await reply(
        `Your approval of ${decided.id} is recorded, but I could not queue the stop just now (my state store is not reachable). It will start on its own once I can reach it again; check with \`/stop status ${decided.id}\`.`,
      );
    }
  }
  await showCard(deps, decided);
  await deps.workflow.incident(decided.state === 'approved' ? 'approved' : 'rejected', decided);
}

async function onMode(deps: BotDeps, click: Click, reply: Reply) {
  const mode = click.mode as StopMode | undefined;
  const request = await loadFor(deps, click, reply);
  if (!request) return;
  if (mode !== 'SOFT' && mode !== 'HARD')
    return reply('That is not a shutdown type I know. Nothing changed.');
  const verdict = await deps.policy.mayApprove(click.user, request.provider);
  if (!verdict.ok && click.user !== request.requester)
    return reply(`You can't change the shutdown type: ${verdict.reason}.`);
  const now = deps.clock.now();
  // One mode change per user per second, whatever the request: a flipping requester can't flood Slack.
  if (!(await deps.store.claimOnce(onceKeys.modeChange(click.user, Math.floor(now / 1000)), 2_000))) {
    deps.metrics.clicksRefused.inc({ reason: 'mode_rate' });
    await audit(deps, request.id, { at: now, type: 'mode', actor: click.user, refused: 'mode_rate' });
    return reply(
      'You are changing the shutdown type too fast; wait a second and try again. Nothing changed.',
    );
  }
  const result = await deps.store.setMode(request.id, mode, now);
  if (!result.ok) {
    deps.metrics.clicksRefused.inc({ reason: result.reason });
    await audit(deps, request.id, { at: now, type: 'mode', actor: click.user, refused: result.reason });
    return reply(refusalText(result.reason, result.request, 'change'));
  }
  await audit(deps, request.id, {
    at: deps.clock.now(),
    type: 'mode',
    actor: click.user,
    detail: { mode },
  });
  await showCard(deps, result.request);
}

/** Audit writes never undo or hide a decision already made: a failed one is logged. */
async function audit(deps: BotDeps, requestId: string, event: AuditEvent): Promise<void> {
  try {
    await deps.store.appendAudit(requestId, event);
  } catch (err) {
    deps.logger.warn({ requestId, type: event.type, err: describeError(err) }, 'audit write failed');
  }
}
