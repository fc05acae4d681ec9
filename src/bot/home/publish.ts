import type { RequestDigest } from '../../approvals/types.js';
import type { BotDeps } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { type HomeLists, homeView } from './view.js';

/** How many recent requests the home looks at (one store read). */
const LOOK_AT = 200;

/** Sort one read of recent requests into what this person should see. */
export async function homeLists(deps: BotDeps, user: string): Promise<HomeLists> {
  const recent = await deps.store.listRecent(LOOK_AT);
  const now = deps.clock.now();
  // Approvers may differ per provider: ask once per provider among the pending ones.
  const pending = recent.filter((d) => d.state === 'pending' && d.expiresAt > now);
  const approverOf = new Map<string, boolean>();
  for (const provider of new Set(pending.map((d) => d.provider))) {
    approverOf.set(provider, (await deps.policy.mayApprove(user, provider)).ok);
  }
  const mayDecide = (d: RequestDigest) =>
    approverOf.get(d.provider) === true && (deps.policy.selfApproval || d.requester !== user);
  return {
    waiting: pending.filter(mayDecide),
    inProgress: recent.filter((d) => d.state === 'approved'),
    finished: recent.filter((d) => d.state === 'done' || d.state === 'rejected' || d.state === 'expired'),
  };
}

/** views.publish the App Home for one user. */
export async function publishHome(deps: BotDeps, user: string): Promise<void> {
  const view = homeView(await homeLists(deps, user), deps.clock.now());
  await slackCall(deps, 'views.publish', () => deps.client.views.publish({ user_id: user, view }), { user });
}
