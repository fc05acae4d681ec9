import type { App, SlashCommand } from '@slack/bolt';
import { onceKeys } from '../approvals/once-keys.js';
import { describeError, StateUnavailableError } from '../errors.js';
import { withRequest } from '../lib/request-context.js';
import { createWorkQueue, type WorkQueue } from '../lib/work-queue.js';
import type { BotDeps, Reply } from './deps.js';
import { openStopModal } from './modal/open.js';
import { type ParsedCommand, parseCommand, USAGE } from './parse.js';
import { ephemeralReply } from './slack-call.js';
import { prepareStop, quickCheck } from './stop/prepare.js';
import { publishRequest } from './stop/publish.js';
import { relatedLine, undoCommand } from './undo-command.js';
import { storyMessage } from './views/story.js';
import { checkingText } from './views/tag-selection.js';
import { echoText } from './views/text.js';

type StopCommand = Extract<ParsedCommand, { kind: 'stop' }>;
const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** Commands whose post-ack work (pre-flight, card) runs at once; more wait their turn. */
const COMMAND_WORK_CONCURRENCY = 4;

/** Registers /stop. Returns the queue of post-ack work, so shutdown can let it finish. */
export function registerCommands(app: App, deps: BotDeps): WorkQueue {
  const afterAck = createWorkQueue(COMMAND_WORK_CONCURRENCY);
  app.command(/.*/, async ({ command, ack, respond }) => {
    // A bare /stop opens the form (views.open must use the trigger_id within 3 s: first thing).
    if ((command.text ?? '').trim() === '' && command.trigger_id) {
      await ack();
      return openStopModal(deps, command, ephemeralReply(deps, respond));
    }
    const parsed = parseCommand(command.text, {
      maxTargets: deps.settings.maxTargets,
      providers: [...deps.providers.keys()],
    });
    if (!parsed.ok) return ack(ephemeral(`${echoText(parsed.error)}.\n\n${USAGE}`));
    const cmd = parsed.command;
    if (cmd.kind === 'help') return ack(ephemeral(USAGE));
    if (cmd.kind === 'stop') {
      const problem = quickCheck(deps, cmd);
      if (problem) return ack(ephemeral(problem.text));
      await ack(ephemeral(checkingText(cmd)));
    } else if (cmd.kind === 'undo') {
      await ack(ephemeral(`Checking what ${cmd.requestId} stopped…`));
    } else await ack();
    const reply = ephemeralReply(deps, respond);
    await afterAck.run(async () => {
      try {
        if (cmd.kind === 'status') await status(deps, cmd.requestId, command, reply);
        else if (cmd.kind === 'undo') await undoCommand(deps, cmd, command, reply);
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
function failureText(kind: ParsedCommand['kind'], err: unknown): string {
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
  // The request's own history: a flood of refused clicks cannot push its decisions out.
  const [outcomes, history] = await Promise.all([deps.store.getOutcomes(id), deps.store.history(id)]);
  await reply(storyMessage(request, outcomes, history, await relatedLine(deps, request)).text);
}

async function requestStop(deps: BotDeps, cmd: StopCommand, command: SlashCommand, reply: Reply) {
  // A redelivered command carries the same trigger_id: act on it once.
  if (command.trigger_id && !(await deps.store.claimOnce(onceKeys.command(command.trigger_id), 3_600_000)))
    return;
  const prepared = await prepareStop(deps, {
    provider: cmd.provider,
    targets: cmd.targets,
    tags: cmd.tags,
    mode: cmd.mode,
    reason: cmd.reason,
    user: command.user_id,
    channel: command.channel_id,
  });
  if (!prepared.ok) return reply(prepared.problem.text);
  const request = prepared.request;
  await withRequest(request.id, () => publishRequest(deps, request, reply));
}
