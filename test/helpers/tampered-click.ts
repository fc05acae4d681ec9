import { buildBlockActions, type ClickOptions } from '../fakes/slack/click-payload.js';
import type { Obj } from '../fakes/slack/types.js';
import type { Harness } from './bot-harness.js';

/**
 * A click built exactly as the fake Slack builds it, then changed by `tamper`
 * (what a forged or odd payload would look like), signed and POSTed.
 */
export async function tamperedClick(
  h: Harness,
  user: string,
  click: ClickOptions,
  tamper: (payload: Obj) => void,
): Promise<number> {
  const built = buildBlockActions(h.slack, user, click);
  tamper(built.payload);
  const body = new URLSearchParams({ payload: JSON.stringify(built.payload) }).toString();
  const res = await h.driver.raw(body, {
    'content-type': 'application/x-www-form-urlencoded',
    ...h.driver.sign(body),
  });
  return res.status;
}
