import type { App, BlockAction, BlockSuggestion, ViewSubmitAction } from '@slack/bolt';
import { describeError } from '../../errors.js';
import type { BotDeps } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { chosenProvider, knownProvider } from './form.js';
import { ACTION_PROVIDER, ACTION_TARGETS, MODAL_CALLBACK } from './ids.js';
import { readMetadata } from './metadata.js';
import { modalProviders } from './open.js';
import { submitStopModal } from './submit.js';
import { createSuggester } from './suggest.js';
import { stopModalView } from './view.js';

/** The stop form: type-ahead, the provider switch that redraws it, and its submission. */
export function registerModal(app: App, deps: BotDeps): void {
  const suggest = createSuggester(deps);

  app.options({ action_id: ACTION_TARGETS }, async ({ ack, body }) => {
    const payload = body as BlockSuggestion;
    const view = (
      payload as { view?: { callback_id?: string; private_metadata?: string; state?: { values?: unknown } } }
    ).view;
    const name = chosenProvider(view?.state?.values);
    const provider = name ? knownProvider(name, deps.providers) : undefined;
    const meta = readMetadata(view?.private_metadata);
    if (view?.callback_id !== MODAL_CALLBACK || !provider || !meta) return ack({ options: [] });
    try {
      // Only someone who may ask for a stop there gets to browse the cloud.
      const verdict = await deps.policy.mayRequest(payload.user.id, meta.channel);
      if (!verdict.ok) return ack({ options: [] });
      await ack({ options: (await suggest(provider, payload.value ?? '')) as never });
    } catch (err) {
      deps.logger.warn({ err: describeError(err) }, 'type-ahead failed');
      await ack({ options: [] });
    }
  });

  app.action(ACTION_PROVIDER, async ({ ack, body }) => {
    await ack();
    const click = body as BlockAction;
    const view = click.view;
    const action = click.actions[0] as { selected_option?: { value?: string } } | undefined;
    const provider = knownProvider(action?.selected_option?.value ?? '', deps.providers);
    const meta = readMetadata(view?.private_metadata);
    if (!view || view.callback_id !== MODAL_CALLBACK || !provider || !meta) return;
    const next = stopModalView({
      providers: modalProviders(deps),
      selected: provider,
      channel: meta.channel,
    });
    await slackCall(deps, 'views.update', () =>
      deps.client.views.update({ view_id: view.id, hash: view.hash, view: next }),
    );
  });

  app.view(MODAL_CALLBACK, async ({ ack, body, view }) => {
    const submission = body as ViewSubmitAction;
    try {
      await submitStopModal(deps, { ack: ack as never, user: submission.user.id, view });
    } catch (err) {
      deps.logger.error({ err: describeError(err) }, 'stop form failed');
      await ack().catch(() => undefined);
    }
  });
}
