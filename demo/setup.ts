import { stringify } from 'yaml';
import type { FakeSlackOptions } from '../test/fakes/slack/types.js';

/** The demo's small world: two on-call engineers, two channels, four sandbox machines. */
export const BOB = 'U0BOB';
export const ALICE = 'U0ALICE';
export const OPS = 'C0OPS';
export const INCIDENTS = 'C0INCIDENT';
/** The on-call group: its members may approve stops (but not their own). */
export const ONCALL = 'S0ONCALL';

/** What Slack shows for each ID. */
export const NAMES: Record<string, string> = {
  [BOB]: 'bob',
  [ALICE]: 'alice',
  [ONCALL]: 'oncall',
  [OPS]: 'ops',
  [INCIDENTS]: 'incidents',
};

export const BOT_TOKEN = 'xoxb-0000-demo-bot-token';
export const SIGNING_SECRET = 'demo-signing-secret-5f4e3d2c1b0a';

export const COMMAND = 'sandbox web-1,web-2,db-1 --reason "cpu miner found"';

export const fakeSlackOptions: FakeSlackOptions = {
  botToken: BOT_TOKEN,
  users: {
    [BOB]: { name: 'bob', realName: 'Bob' },
    [ALICE]: { name: 'alice', realName: 'Alice' },
  },
  userGroups: { [ONCALL]: [BOB, ALICE] },
  channels: {
    [OPS]: { name: 'ops', isMember: true },
    [INCIDENTS]: { name: 'incidents', isMember: true },
  },
};

/** The YAML a team would write in stopbot.yml: on-call approves, but nobody their own request. */
export function demoConfigYaml(): string {
  return stringify({
    incidentChannel: INCIDENTS,
    approvals: { approvers: [ONCALL], selfApproval: false, expiresIn: '15m' },
    providers: {
      sandbox: {
        machines: [
          { id: 'vm-1', name: 'web-1' },
          { id: 'vm-2', name: 'web-2' },
          { id: 'vm-3', name: 'db-1', status: 'STOPPED' },
          { id: 'vm-4', name: 'web-3' },
          // Refuses to stop: the second part of the demo shows how a failure is reported.
          { id: 'vm-5', name: 'flaky-1', fails: true },
        ],
        stopDelay: '2s',
        // Both modes, so the demo can show HARD and the confirmation it asks for.
        modes: ['SOFT', 'HARD'],
      },
    },
    tracking: { pollInterval: '500ms', timeout: '1m' },
    slack: { progressEvery: '1s' },
  });
}

/** The environment main would read: the fake Slack's URL instead of slack.com, any free port. */
export function demoEnv(slackApiUrl: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: '0',
  };
}
