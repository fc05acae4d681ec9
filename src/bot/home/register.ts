import type { App } from '@slack/bolt';
import { onceKeys } from '../../approvals/once-keys.js';
import { describeError } from '../../errors.js';
import type { BotDeps } from '../deps.js';
import { publishHome } from './publish.js';

/** Events API deliveries are remembered this long, so a retry acts once. */
const EVENT_ONCE_MS = 3_600_000;

/** app_home_opened → a fresh home for that user. */
export function registerHome(app: App, deps: BotDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const eventId = (body as { event_id?: string }).event_id;
    try {
      // Slack retries an event it thinks was lost (X-Slack-Retry-Num): publish once per event.
      if (eventId && !(await deps.store.claimOnce(onceKeys.event(eventId), EVENT_ONCE_MS))) return;
      await publishHome(deps, event.user);
    } catch (err) {
      deps.logger.warn({ err: describeError(err), user: event.user }, 'app home could not be published');
    }
  });
}
