/**
 * Who may ask and who may approve. Lists hold Slack user IDs (U…/W…) and
 * user-group IDs (S…); groups are expanded through a GroupDirectory at the
 * moment of asking or clicking, so a removal takes effect (after the short
 * cache) without a restart. Deny by default where a list is configured.
 */
export interface GroupDirectory {
  /** Members of a user group, read no longer than `maxAgeMs` ago (default: the directory's own cache time). */
  members(groupId: string, maxAgeMs?: number): Promise<ReadonlySet<string>>;
}

/** The oldest group membership an approval decision may rest on, whatever the configured cache time. */
export const DECISION_MEMBERSHIP_MAX_AGE_MS = 5_000;

export interface PolicyConfig {
  approvers: readonly string[];
  /**
   * Per provider name: its own approvers, replacing `approvers` for that
   * provider's requests. Providers not listed use `approvers`.
   */
  providerApprovers?: Readonly<Record<string, readonly string[]>>;
  requesters?: readonly string[];
  channels?: readonly string[];
  selfApproval: boolean;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface Policy {
  readonly selfApproval: boolean;
  mayRequest(user: string, channel: string): Promise<Verdict>;
  /** Who decides requests for this provider: its own list, or the global one. */
  approversFor(provider: string): readonly string[];
  /** May this user decide a request for this provider (by its configured name)? */
  mayApprove(user: string, provider: string): Promise<Verdict>;
}

const isGroup = (id: string) => id.startsWith('S');

async function isListed(
  list: readonly string[],
  user: string,
  directory: GroupDirectory,
  maxAgeMs?: number,
): Promise<boolean> {
  if (list.includes(user)) return true;
  for (const id of list.filter(isGroup)) {
    if ((await directory.members(id, maxAgeMs)).has(user)) return true;
  }
  return false;
}

/** Membership that could not be read denies (fail closed) with a reason that says so. */
async function check(
  list: readonly string[],
  user: string,
  directory: GroupDirectory,
  denied: string,
  maxAgeMs?: number,
): Promise<Verdict> {
  try {
    return (await isListed(list, user, directory, maxAgeMs)) ? { ok: true } : { ok: false, reason: denied };
  } catch {
    return {
      ok: false,
      reason: 'I could not check user-group membership with Slack just now; try again in a minute',
    };
  }
}

/** A provider's own approver list, when it has one (own keys only: a name is user text). */
function ownApprovers(config: PolicyConfig, provider: string): readonly string[] | undefined {
  const own = config.providerApprovers;
  return own && Object.hasOwn(own, provider) ? own[provider] : undefined;
}

export function createPolicy(config: PolicyConfig, directory: GroupDirectory): Policy {
  return {
    selfApproval: config.selfApproval,
    async mayRequest(user, channel) {
      if (config.channels && !config.channels.includes(channel)) {
        return {
          ok: false,
          reason: 'stop requests are not allowed in this channel; ask in one of the configured channels',
        };
      }
      if (!config.requesters) return { ok: true };
      return check(
        config.requesters,
        user,
        directory,
        'you are not on the list of people who may request a stop',
      );
    },
    approversFor: (provider) => ownApprovers(config, provider) ?? config.approvers,
    async mayApprove(user, provider) {
      const own = ownApprovers(config, provider);
      if (own) {
        return check(
          own,
          user,
          directory,
          `you are not an approver for stop requests on ${provider}`,
          DECISION_MEMBERSHIP_MAX_AGE_MS,
        );
      }
      return check(
        config.approvers,
        user,
        directory,
        'you are not an approver for stop requests',
        DECISION_MEMBERSHIP_MAX_AGE_MS,
      );
    },
  };
}
