import type { RequestDigest } from '../../approvals/types.js';
import type { BotDeps } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { type HomeLists, homeView } from './view.js';

/** How many recent requests the home looks at (one store read). */
const LOOK_AT = 200;

/** Sort one read of recent requests into what this person should see. */
export async function homeLists(deps: BotDeps, user: string): Promise<HomeLists> {
  const all = await deps.store.listRecent(LOOK_AT);
  const now = deps.clock.now();
  // Approvers may differ per provider, requesters per channel: ask once per provider and per channel.
  const approverOf = new Map<string, boolean>();
  for (const provider of new Set(all.map((d) => d.provider))) {
    approverOf.set(provider, (await deps.policy.mayApprove(user, provider)).ok);
  }
  const requesterIn = new Map<string, boolean>();
  for (const channel of new Set(all.map((d) => d.channel))) {
    requesterIn.set(channel, (await deps.policy.mayRequest(user, channel)).ok);
  }
  // Only what this person may see: requests they asked for or decided, requests they may
  // approve, and requests in channels where they may request stops themselves.
  const recent = all.filter(
    (d) =>
      d.requester === user ||
      d.decidedBy === user ||
      approverOf.get(d.provider) === true ||
      requesterIn.get(d.channel) === true,
  );
  const pending = recent.filter((d) => d.state === 'pending' && d.expiresAt > now);
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
