import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';

const ENV = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'signing-secret-test' };
const FILE = `
approvals:
  approvers: [U0ALICE, S0ONCALL]
providers:
  sandbox:
    machines:
      - { id: vm-1, name: web-1 }
`;
const file = (text: string) => ({ path: 'stopbot.yml', text });

function fieldsOf(env: Record<string, string | undefined>, text: string | undefined): string[] {
  try {
    loadConfig(env, text === undefined ? undefined : file(text));
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.field);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a minimal config with defaults', () => {
    const c = loadConfig(ENV, file(FILE));
    expect(c.slack.mode).toBe('http');
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
    expect(c.port).toBe(3000);
    expect(c.approvals).toMatchObject({ selfApproval: false, expiresIn: 15 * 60_000 });
    expect(c.tracking).toEqual({ pollInterval: 5000, timeout: 15 * 60_000 });
    expect(c.limits.maxTargets).toBe(5000);
    expect(c.limits.maxTagMatches).toBe(500);
    expect(c.providers['sandbox']).toMatchObject({ cloud: 'sandbox', stopDelay: 3000 });
  });

  it('reads the contract example, secrets from the environment only', () => {
    const text = `
incidentChannel: C0INCIDENT
approvals: { approvers: [U0ALICE, S0ONCALL], selfApproval: false, expiresIn: 15m }
requesters: [U0BOB, S0SRE]
providers:
  huawei:   { region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, endpoint: "https://ecs.cn-north-4.myhuaweicloud.com" }
  alibaba:  { region: cn-shanghai, endpoint: "https://sae.cn-shanghai.aliyuncs.com" }
  zenlayer: { endpoint: "https://console.zenlayer.com" }
tracking: { pollInterval: 5s, timeout: 15m }
limits: { maxTargets: 5000 }
`;
    const env = {
      ...ENV,
      SLACK_APP_TOKEN: 'xapp-1-test',
      HUAWEICLOUD_SDK_AK: 'ak',
      HUAWEICLOUD_SDK_SK: 'sk',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      ZENLAYERCLOUD_ACCESS_KEY_ID: 'zid',
      ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: 'zpw',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '8080',
    };
    const c = loadConfig(env, file(text));
    expect(c.slack.mode).toBe('socket');
    expect(c.port).toBe(8080);
    expect(c.secrets['huawei']).toEqual({ ak: 'ak', sk: 'sk' });
    expect(c.providers['huawei']).toMatchObject({
      cloud: 'huawei',
      endpoint: 'https://ecs.cn-north-4.myhuaweicloud.com',
    });
    expect(c.requesters).toEqual(['U0BOB', 'S0SRE']);
  });

  const sandbox = 'providers: { sandbox: { machines: [{ id: vm-1, name: web-1 }] } }';
  const cases: [string, Record<string, string | undefined>, string | undefined, string][] = [
    ['no bot token', { SLACK_SIGNING_SECRET: 'x' }, FILE, 'SLACK_BOT_TOKEN'],
    ['a user token as bot token', { ...ENV, SLACK_BOT_TOKEN: 'xoxp-1' }, FILE, 'SLACK_BOT_TOKEN'],
    ['HTTP mode without a signing secret', { SLACK_BOT_TOKEN: 'xoxb-1' }, FILE, 'SLACK_SIGNING_SECRET'],
    ['a bad app token', { ...ENV, SLACK_APP_TOKEN: 'xoxb-nope' }, FILE, 'SLACK_APP_TOKEN'],
    ['a bad API URL', { ...ENV, SLACK_API_URL: 'not a url' }, FILE, 'SLACK_API_URL'],
    ['a bad port', { ...ENV, PORT: 'eighty' }, FILE, 'PORT'],
    ['a port out of range', { ...ENV, PORT: '70000' }, FILE, 'PORT'],
    ['a bad Redis URL', { ...ENV, REDIS_URL: 'http://x' }, FILE, 'REDIS_URL'],
    ['no config file', ENV, undefined, 'STOPBOT_CONFIG'],
    ['YAML that is not a mapping', ENV, '- a\n- b', 'stopbot.yml'],
    ['broken YAML', ENV, 'approvals: [', 'stopbot.yml'],
    ['no approvals', ENV, sandbox, 'approvals'],
    ['empty approvers', ENV, `approvals: { approvers: [] }\n${sandbox}`, 'approvals.approvers'],
    [
      'an approver that is not an ID',
      ENV,
      `approvals: { approvers: [alice] }\n${sandbox}`,
      'approvals.approvers.0',
    ],
    [
      'selfApproval not a boolean',
      ENV,
      `approvals: { approvers: [U1A], selfApproval: maybe }\n${sandbox}`,
      'approvals.selfApproval',
    ],
    [
      'expiresIn not a duration',
      ENV,
      `approvals: { approvers: [U1A], expiresIn: soon }\n${sandbox}`,
      'approvals.expiresIn',
    ],
    ['incidentChannel not a channel ID', ENV, `incidentChannel: "#incidents"\n${FILE}`, 'incidentChannel'],
    ['requesters empty', ENV, `requesters: []\n${FILE}`, 'requesters'],
    ['channels wrong', ENV, `channels: [general]\n${FILE}`, 'channels.0'],
    ['no provider at all', ENV, 'approvals: { approvers: [U1A] }', 'providers'],
    [
      'only an unknown provider',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { gcp: {} }`,
      'providers.gcp.cloud',
    ],
    [
      'a misspelt approvals key',
      ENV,
      `aprovals: { approvers: [U1A] }
${sandbox}`,
      'aprovals',
    ],
    [
      'huawei without projectId',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { huawei: { region: cn-north-4 } }`,
      'providers.huawei.projectId',
    ],
    [
      'huawei with a bad region',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { huawei: { region: "North 4", projectId: 0123456789abcdef0123456789abcdef } }`,
      'providers.huawei.region',
    ],
    [
      'an endpoint with a path',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { zenlayer: { endpoint: "https://x.com/api/v2" } }`,
      'providers.zenlayer.endpoint',
    ],
    [
      'huawei without credentials',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { huawei: { region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef } }`,
      'HUAWEICLOUD_SDK_AK',
    ],
    [
      'alibaba without a secret',
      { ...ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: 'x' },
      `approvals: { approvers: [U1A] }\nproviders: { alibaba: { region: cn-shanghai } }`,
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    ],
    [
      'zenlayer without credentials',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { zenlayer: {} }`,
      'ZENLAYERCLOUD_ACCESS_KEY_ID',
    ],
    [
      'aws with a key ID but no secret',
      { ...ENV, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' },
      `approvals: { approvers: [U1A] }\nproviders: { aws: { region: us-east-1 } }`,
      'AWS_SECRET_ACCESS_KEY',
    ],
    [
      'aws with a bad region',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { aws: { region: virginia } }`,
      'providers.aws.region',
    ],
    [
      'sandbox with no machines',
      ENV,
      `approvals: { approvers: [U1A] }\nproviders: { sandbox: { machines: [] } }`,
      'providers.sandbox.machines',
    ],
    [
      'pollInterval not a duration',
      ENV,
      `${FILE}\ntracking: { pollInterval: often }`,
      'tracking.pollInterval',
    ],
    ['timeout too short', ENV, `${FILE}\ntracking: { timeout: 1ms }`, 'tracking.timeout'],
    ['maxTargets zero', ENV, `${FILE}\nlimits: { maxTargets: 0 }`, 'limits.maxTargets'],
    ['maxTargets a string', ENV, `${FILE}\nlimits: { maxTargets: lots }`, 'limits.maxTargets'],
    ['maxTagMatches zero', ENV, `${FILE}\nlimits: { maxTagMatches: 0 }`, 'limits.maxTagMatches'],
    ['maxTagMatches misspelt', ENV, `${FILE}\nlimits: { maxTagMatch: 10 }`, 'limits.maxTagMatch'],
    ['a bad Redis prefix', ENV, `${FILE}\nredis: { prefix: "a b" }`, 'redis.prefix'],
    ['a bad log level', ENV, `${FILE}\nlog: { level: loud }`, 'log.level'],
  ];
  it.each(cases)('stops startup on %s, naming the field', (_name, env, text, field) => {
    expect(fieldsOf(env, text)).toContain(field);
  });

  it('says how to fix it', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }, file(FILE));
    } catch (err) {
      expect(String((err as Error).message)).toMatch(
        /SLACK_SIGNING_SECRET: is required in HTTP mode.*SLACK_APP_TOKEN/,
      );
    }
  });
});
