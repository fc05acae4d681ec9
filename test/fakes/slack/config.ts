import type { FakeSlackOptions, ResolvedConfig } from './types.js';

/** Defaults for every fake Slack setting, in one place. */
export function resolveConfig(o: FakeSlackOptions): ResolvedConfig {
  return {
    botToken: o.botToken ?? 'xoxb-0000-fake-bot-token',
    appToken: o.appToken ?? 'xapp-1-A0STOPBOT-0000-fake-app-token',
    botUserId: o.botUserId ?? 'U0STOPBOT',
    botId: o.botId ?? 'B0STOPBOT',
    teamId: o.teamId ?? 'T0FAKE',
    teamDomain: o.teamDomain ?? 'fake-workspace',
    apiAppId: o.apiAppId ?? 'A0STOPBOT',
    verificationToken: o.verificationToken ?? 'fake-verification-token',
    users: { ...o.users },
    userGroups: Object.fromEntries(Object.entries(o.userGroups ?? {}).map(([id, users]) => [id, [...users]])),
    channels: o.channels ? { ...o.channels } : undefined,
    now: o.now ?? Date.now,
    recordArgs: o.recordArgs ?? true,
    responseUrlMaxUses: o.responseUrlMaxUses ?? 5,
    responseUrlTtlMs: o.responseUrlTtlMs ?? 30 * 60_000,
  };
}
