import type { ViewOutput } from '@slack/bolt';
import { onceKeys } from '../../approvals/once-keys.js';
import { describeError, StateUnavailableError } from '../../errors.js';
import { withRequest } from '../../lib/request-context.js';
import type { BotDeps, Reply } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { type Prepared, prepareStop, type StopField } from '../stop/prepare.js';
import { publishRequest } from '../stop/publish.js';
import { type FormErrors, knownProvider, readStopForm } from './form.js';
import { BLOCK } from './ids.js';
import { readMetadata } from './metadata.js';

/** Pre-flight that finishes within this answers inside the modal; a slower one closes it and replies. */
const PREFLIGHT_IN_MODAL_MS = 2_000;

type Ack = (response?: { response_action: 'errors'; errors: FormErrors }) => Promise<void>;

const blockFor = (field: StopField): keyof FormErrors => (field === 'general' ? BLOCK.provider : field);
const errorsAck = (errors: FormErrors) => ({ response_action: 'errors' as const, errors });

/**
 * A view_submission of the stop form: the same checks as the command, errors
 * next to the field, and on success the card in the channel it came from.
 */
export async function submitStopModal(
  deps: BotDeps,
  input: { ack: Ack; user: string; view: ViewOutput },
): Promise<void> {
  const { ack, user, view } = input;
  const meta = readMetadata(view.private_metadata);
  if (!meta) {
    deps.logger.warn({ user }, 'stop form with unreadable private_metadata refused');
    return ack(
      errorsAck({
        provider:
          'This form is damaged (I cannot tell which channel it came from). Close it and run /stop again.',
      }),
    );
  }
  const read = readStopForm(view.state?.values);
  if (!read.ok) return ack(errorsAck(read.errors));
  const provider = knownProvider(read.form.provider, deps.providers);
  if (!provider)
    return ack(
      errorsAck({
        provider: `"${read.form.provider.slice(0, 40)}" is not a provider configured on this bot.`,
      }),
    );
  const reply = ephemeralIn(deps, meta.channel, user);
  const ask = { ...read.form, provider, user, channel: meta.channel };
  const work = prepareStop(deps, ask).catch((err: unknown) => ({ failed: err }) as const);
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    work,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PREFLIGHT_IN_MODAL_MS);
    }),
  ]);
  clearTimeout(timer);
  if (early && !('failed' in early) && !early.ok) {
    return ack(errorsAck({ [blockFor(early.problem.field)]: early.problem.text }));
  }
  await ack();
  const outcome = early ?? (await work);
  if ('failed' in outcome) return failed(deps, outcome.failed, user, reply);
  const prepared: Prepared = outcome;
  if (!prepared.ok) return reply(prepared.problem.text);
  // Slack may deliver one submission twice: publish it once.
  if (!(await deps.store.claimOnce(onceKeys.viewSubmission(view.id, view.hash), 3_600_000))) return;
  const request = prepared.request;
  try {
    await withRequest(request.id, () => publishRequest(deps, request, reply));
  } catch (err) {
    await failed(deps, err, user, reply);
  }
}

async function failed(deps: BotDeps, err: unknown, user: string, reply: Reply) {
  deps.logger.error({ err: describeError(err), user }, 'stop form failed');
  await reply(
    err instanceof StateUnavailableError
      ? 'I could not reach my state store, so nothing was requested. Please try again in a moment.'
      : 'Something went wrong on my side and nothing was requested. Please try again in a minute.',
  );
}

/** After the modal has closed, a note only this person sees, in the channel the form came from. */
function ephemeralIn(deps: BotDeps, channel: string, user: string): Reply {
  return async (text) => {
    await slackCall(deps, 'chat.postEphemeral', () =>
      deps.client.chat.postEphemeral({ channel, user, text }),
    );
  };
}
