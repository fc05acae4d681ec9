import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/bot-harness.js';
import { HUAWEI_ENV, SK } from '../helpers/huawei-e2e.js';
import { spawnReplicaProcess } from '../helpers/replicas.js';

/** A config that starts; each case below breaks it in one or more places. */
const good = (): Record<string, unknown> => ({
  incidentChannel: 'C0INCIDENT',
  approvals: { approvers: ['U0ALICE'], selfApproval: false, expiresIn: '15m' },
  requesters: ['U0BOB'],
  channels: ['C0OPS'],
  providers: {
    huawei: {
      region: 'cn-north-4',
      projectId: '0123456789abcdef0123456789abcdef',
      endpoint: 'http://127.0.0.1:9',
    },
    sandbox: { machines: [{ id: 'vm-1', name: 'web-1' }] },
  },
  tracking: { pollInterval: '5s', timeout: '15m' },
  limits: { maxTargets: 100 },
  slack: { retries: 1 },
  redis: { prefix: 'stopbot' },
  jobs: { reconcileEvery: '1m' },
  log: { level: 'info' },
});

/** The config with a top-level key renamed (its value kept). */
function renamed(from: string, to: string): Record<string, unknown> {
  const config = good();
  config[to] = config[from];
  delete config[from];
  return config;
}

function edit(change: (c: Record<string, Record<string, unknown>>) => void): Record<string, unknown> {
  const config = good() as Record<string, Record<string, unknown>>;
  change(config);
  return config;
}

const TOP_LEVEL_TYPOS: [string, string][] = [
  ['incidentChannel', 'incidentChanel'],
  ['approvals', 'aprovals'],
  ['requesters', 'requester'],
  ['channels', 'chanels'],
  ['providers', 'provider'],
  ['tracking', 'trackng'],
  ['limits', 'limit'],
  ['slack', 'slak'],
  ['redis', 'reddis'],
  ['jobs', 'job'],
  ['log', 'logs'],
];

/** [case, config, every field the refusal must name, words it must say]. */
const cases: [string, Record<string, unknown>, string[], RegExp][] = [
  ...TOP_LEVEL_TYPOS.map(([right, wrong]): [string, Record<string, unknown>, string[], RegExp] => [
    `top-level ${right} misspelt as ${wrong}`,
    renamed(right, wrong),
    [wrong],
    new RegExp(`${wrong}: is not a known key; did you mean \`${right}\`\\?`),
  ]),
  [
    'a misspelt key inside approvals',
    edit((c) => {
      c.approvals = { approvers: ['U0ALICE'], expireIn: '1h' };
    }),
    ['approvals.expireIn'],
    /approvals\.expireIn: is not a known key; did you mean `expiresIn`\?/,
  ],
  [
    'a misspelt key inside a provider',
    edit((c) => {
      const providers = c.providers as Record<string, Record<string, unknown>>;
      providers.huawei = { ...providers.huawei, projectID: 'x' };
    }),
    ['providers.huawei.projectID'],
    /did you mean `projectId`\?/,
  ],
  [
    'two errors at once (the trial from the issue)',
    edit((c) => {
      c.requester = c.requesters as unknown as Record<string, unknown>;
      delete c.requesters;
      c.chanels = c.channels as unknown as Record<string, unknown>;
      delete c.channels;
      c.approvals = { approvers: ['U0ALICE'], expireIn: '1h' };
    }),
    ['requester', 'chanels', 'approvals.expireIn'],
    /3 problems/,
  ],
  [
    'a null provider',
    edit((c) => {
      c.providers = { ...c.providers, zenlayer: null } as Record<string, unknown>;
    }),
    ['providers.zenlayer'],
    /providers\.zenlayer: is empty; write `zenlayer: \{\}`/,
  ],
  [
    'a duration out of range, in the units people write',
    edit((c) => {
      c.approvals = { approvers: ['U0ALICE'], expiresIn: '8d' };
    }),
    ['approvals.expiresIn'],
    /must be between 1s and 7d \(got 8d\)/,
  ],
];

const ENV = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  PORT: '0',
  ...HUAWEI_ENV,
};
const SECRETS = [BOT_TOKEN, SIGNING_SECRET, SK];

function expectRefusal(text: string, fields: string[], words: RegExp): void {
  for (const field of fields) expect(text).toMatch(new RegExp(`(^|\\s)${field.replace('.', '\\.')}: `));
  expect(text).toMatch(words);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('a config with mistakes is refused, naming every bad key', () => {
  it.each(cases)('%s', (_name, config, fields, words) => {
    let message = '';
    try {
      loadConfig(ENV, { path: 'stopbot.yml', text: stringify(config) });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      message = err.message;
    }
    expect(message, 'the config was accepted').not.toBe('');
    expectRefusal(message, fields, words);
  });

  it('accepts the config the cases start from', () => {
    expect(loadConfig(ENV, { path: 'stopbot.yml', text: stringify(good()) }).requesters).toEqual(['U0BOB']);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'stopbot-bad-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Through the real entry point: the same refusals on stderr, exit code 78, nothing started. */
const THROUGH_MAIN = [
  'top-level requesters misspelt as requester',
  'two errors at once (the trial from the issue)',
  'a null provider',
];

describe('src/main.ts refuses them with exit code 78', () => {
  it.each(cases.filter(([name]) => THROUGH_MAIN.includes(name)))(
    '%s',
    async (name, config, fields, words) => {
      const path = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
      writeFileSync(path, stringify(config));
      const { ready, lines } = spawnReplicaProcess({ ...ENV, STOPBOT_CONFIG: path }, 'src/main.ts');
      const outcome = await ready;
      if (typeof outcome === 'number') throw new Error('the bot started with a wrong config');
      expect(outcome.code).toBe(78);
      expect(outcome.stderr).toMatch(/^stopbot: configuration error: /);
      expectRefusal(outcome.stderr + lines.join('\n'), fields, words);
    },
  );
});
