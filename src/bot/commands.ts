import type { App, SlashCommand } from '@slack/bolt';
import { newRequest } from '../approvals/new-request.js';
import { onceKeys } from '../approvals/once-keys.js';
import { describeError, StateConflictError, StateUnavailableError } from '../errors.js';
import { withRequest } from '../lib/request-context.js';
import { createWorkQueue, type WorkQueue } from '../lib/work-queue.js';
import type { BotDeps, Reply } from './deps.js';
import { type ParsedCommand, parseCommand, USAGE } from './parse.js';
import { selectMachines, tagSelectionProblem } from './select.js';
import { ephemeralReply, slackCall } from './slack-call.js';
import { requestCard } from './views/card.js';
import { checkingText } from './views/tag-selection.js';
import { echoText, plural, providerLabel } from './views/text.js';
import { statusMessage } from './views/thread.js';
import { unrecordedCard } from './views/unrecorded.js';

type StopCommand = Extract<ParsedCommand, { kind: 'stop' }>;
const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** Checks that need no I/O: is the provider here, does it offer the mode. */
function quickCheck(deps: BotDeps, cmd: StopCommand): string | undefined {
  const provider = deps.providers.get(cmd.provider);
  if (!provider) {
    return `${providerLabel(cmd.provider)} is not configured on this bot; the providers here are ${[...deps.providers.keys()].join(', ')}.`;
  }
  if (cmd.mode && !provider.capabilities.modes.includes(cmd.mode)) {
    return `--${cmd.mode.toLowerCase()} is not available on ${providerLabel(cmd.provider)}: it has no ${cmd.mode} stop (only Huawei ECS and AWS EC2 offer SOFT and HARD).`;
  }
  return tagSelectionProblem(provider, cmd);
}

/** Commands whose post-ack work (pre-flight, card) runs at once; more wait their turn. */
const COMMAND_WORK_CONCURRENCY = 4;

/** Registers /stop. Returns the queue of post-ack work, so shutdown can let it finish. */
export function registerCommands(app: App, deps: BotDeps): WorkQueue {
  const afterAck = createWorkQueue(COMMAND_WORK_CONCURRENCY);
  app.command(/.*/, async ({ command, ack, respond }) => {
    const parsed = parseCommand(command.text, {
      maxTargets: deps.settings.maxTargets,
      providers: [...deps.providers.keys()],
    });
    if (!parsed.ok) return ack(ephemeral(`${echoText(parsed.error)}.\n\n${USAGE}`));
    const cmd = parsed.command;
    if (cmd.kind === 'help') return ack(ephemeral(USAGE));
    if (cmd.kind === 'stop') {
      const problem = quickCheck(deps, cmd);
      if (problem) return ack(ephemeral(problem));
      await ack(ephemeral(checkingText(cmd)));
    } else await ack();
    const reply = ephemeralReply(deps, respond);
    await afterAck.run(async () => {
      try {
        if (cmd.kind === 'status') await status(deps, cmd.requestId, command, reply);
        else await requestStop(deps, cmd, command, reply);
      } catch (err) {
        deps.logger.error({ err: describeError(err), user: command.user_id }, 'command failed');
        await reply(failureText(cmd.kind, err));
      }
    });
  });
  return afterAck;
}

/** What the user is told when a command fails on our side: honest about a state-store outage. */
function failureText(kind: 'stop' | 'status', err: unknown): string {
  if (err instanceof StateUnavailableError) {
    return kind === 'status'
      ? 'I could not reach my state store to look that request up. Please try again in a moment.'
      : 'I could not reach my state store, so nothing was requested. Please try again in a moment.';
  }
  return kind === 'status'
    ? 'Something went wrong on my side while looking that request up. Please try again in a minute.'
    : 'Something went wrong on my side and nothing was requested. Please try again in a minute.';
}

/** A request's status is shown in its own channel, or to someone allowed to request there. */
async function status(deps: BotDeps, id: string, command: SlashCommand, reply: Reply) {
  const request = await deps.store.getRequest(id);
  if (!request)
    return reply(`I have no request ${id}. Request IDs look like SR-7K2M9QXA4B and are shown on each card.`);
  if (
    command.channel_id !== request.channel &&
    !(await deps.policy.mayRequest(command.user_id, request.channel)).ok
  ) {
    return reply(
      `I can show ${id} only in the channel where it was requested, or to people who may request stops there.`,
    );
  }
  const outcomes = await deps.store.getOutcomes(id);
  await reply(statusMessage(request, outcomes).text);
}

async function requestStop(deps: BotDeps, cmd: StopCommand, command: SlashCommand, reply: Reply) {
  // A redelivered command carries the same trigger_id: act on it once.
  if (command.trigger_id && !(await deps.store.claimOnce(onceKeys.command(command.trigger_id), 3_600_000)))
    return;
  const verdict = await deps.policy.mayRequest(command.user_id, command.channel_id);
  if (!verdict.ok) return reply(`You can't request a stop here: ${verdict.reason}.`);
  const provider = deps.providers.get(cmd.provider);
  if (!provider) return;
  const selected = await selectMachines(provider, cmd, deps.settings);
  if (!selected.ok) return reply(selected.text);
  const request = newRequest({
    id: deps.newId(),
    provider: cmd.provider,
    modes: provider.capabilities.modes,
    mode: cmd.mode,
    requester: command.user_id,
    channel: command.channel_id,
    reason: cmd.reason,
    machines: selected.machines,
    now: deps.clock.now(),
    expiresInMs: deps.settings.expiresInMs,
    selection: selected.selection,
  });
  if (request.targets.length === 0) {
    return reply(`All ${plural(request.skipped.length, 'target')} are already stopped. Nothing to do.`);
  }
  await withRequest(request.id, () => publish(deps, request, reply));
}

async function publish(deps: BotDeps, request: ReturnType<typeof newRequest>, reply: Reply) {
  if (!(await deps.store.createRequest(request)))
    throw new StateConflictError(`request ID ${request.id} is already taken`);
  deps.metrics.requests.inc({ provider: request.provider, outcome: 'created' });
  deps.logger.info(
    {
      requestId: request.id,
      provider: request.provider,
      requester: request.requester,
      targets: request.targets.length,
      skipped: request.skipped.length,
    },
    'stop requested',
  );
  await deps.store.appendAudit(request.id, {
    at: request.createdAt,
    type: 'requested',
    actor: request.requester,
    detail: {
      provider: request.provider,
      targets: request.targets.map((m) => m.id),
      skipped: request.skipped.length,
      reason: request.reason,
      mode: request.mode,
      ...(request.selection ? { tags: request.selection.tags, matched: request.selection.matched } : {}),
    },
  });
  await deps.workflow.requested(request);
  const view = requestCard(request);
  const posted = await slackCall(deps, 'chat.postMessage', () =>
    deps.client.chat.postMessage({ channel: request.channel, text: view.text, blocks: view.blocks }),
  );
  if (!posted?.ts) {
    return reply(
      `I couldn't post the request in this channel (is the bot a member? try \`/invite @stopbot\`). Request ${request.id} was not posted and nothing will be stopped.`,
    );
  }
  const card = { channel: request.channel, ts: posted.ts };
  try {
    await deps.store.setCard(request.id, card);
  } catch (err) {
    // The card is up but not tied to the request: take its buttons away before saying nothing was requested.
    const lost = unrecordedCard(request);
    await slackCall(deps, 'chat.update', () =>
      deps.client.chat.update({ ...card, text: lost.text, blocks: lost.blocks }),
    );
    throw err;
  }
  await deps.notifier.incident('requested', request);
}
