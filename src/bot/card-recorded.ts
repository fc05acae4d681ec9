import type { StopRequest } from '../approvals/types.js';
import type { Click } from './click.js';
import type { BotDeps } from './deps.js';

/**
 * The card is recorded just after Slack answers its post, so a click can come
 * (from a fast person, or a busy replica) a moment before. Give it that moment
 * (the click is already acked) rather than refuse a good click.
 */
export async function withCardRecorded(deps: BotDeps, id: string, click: Click): Promise<StopRequest | null> {
  let request = await deps.store.getRequest(id);
  for (
    let i = 0;
    i < CARD_WAIT_ROUNDS && request && !request.card && !click.fromHome && click.messageTs;
    i++
  ) {
    await deps.clock.sleep(CARD_WAIT_STEP_MS);
    request = await deps.store.getRequest(id);
  }
  return request;
}

const CARD_WAIT_STEP_MS = 100;
const CARD_WAIT_ROUNDS = 30;
