import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { secretValues } from '../../src/config/secret-values.js';
import { ConfigError } from '../../src/errors.js';
import { createProviders } from '../../src/providers/registry.js';
import type { SandboxProvider } from '../../src/providers/sandbox/provider.js';
import { ManualClock } from '../fakes/alibaba/manual-clock.js';

/** Named providers in the config (issue 12): names, clouds, credentials by reference, approvers. */
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'signing-secret-test' };
const HUAWEI_ENV = { HUAWEICLOUD_SDK_AK: 'main-ak', HUAWEICLOUD_SDK_SK: 'main-sk-secret' };
const PROJECT = '0123456789abcdef0123456789abcdef';
const HEAD = 'approvals: { approvers: [U0ALICE] }\nproviders:\n';
const huawei = `  huawei: { region: cn-north-4, projectId: ${PROJECT} }\n`;
const dr = (extra = '') =>
  `  huawei-dr: { cloud: huawei, region: cn-east-3, projectId: ${PROJECT}${extra} }\n`;
const load = (providers: string, env: Record<string, string> = {}) =>
  loadConfig({ ...SLACK, ...HUAWEI_ENV, ...env }, { path: 'stopbot.yml', text: HEAD + providers });

function refusal(providers: string, env: Record<string, string> = {}): ConfigError {
  try {
    load(providers, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('named providers in the config', () => {
  it('reads two accounts of one cloud, each with its own keys, token and approvers', () => {
    const c = load(
      huawei +
        dr(
          ', credentials: { ak: DR_AK, sk: DR_SK, securityToken: DR_TOKEN }, approvers: [S0DRLEADS, U0DRLEAD]',
        ),
      { DR_AK: 'dr-ak', DR_SK: 'dr-sk-secret', DR_TOKEN: 'dr-token-secret' },
    );
    expect(Object.keys(c.providers)).toEqual(['huawei', 'huawei-dr']);
    expect(c.providers['huawei']).toMatchObject({ cloud: 'huawei', region: 'cn-north-4' });
    expect(c.providers['huawei-dr']).toMatchObject({
      cloud: 'huawei',
      region: 'cn-east-3',
      approvers: ['S0DRLEADS', 'U0DRLEAD'],
    });
    expect(c.secrets['huawei']).toEqual({ ak: 'main-ak', sk: 'main-sk-secret' });
    expect(c.secrets['huawei-dr']).toEqual({
      ak: 'dr-ak',
      sk: 'dr-sk-secret',
      securityToken: 'dr-token-secret',
    });
    // Every secret is masked in logs; key IDs are not secrets.
    const masked = secretValues(c);
    expect(masked).toEqual(expect.arrayContaining(['main-sk-secret', 'dr-sk-secret', 'dr-token-secret']));
    expect(masked).not.toContain('dr-ak');
  });

  it("reads the vendor's token variables by default, and never pairs them with another account's keys", () => {
    const c = load(huawei + dr(', credentials: { ak: DR_AK, sk: DR_SK }'), {
      HUAWEICLOUD_SDK_SECURITY_TOKEN: 'main-token-secret',
      DR_AK: 'dr-ak',
      DR_SK: 'dr-sk',
    });
    expect(c.secrets['huawei']).toEqual({
      ak: 'main-ak',
      sk: 'main-sk-secret',
      securityToken: 'main-token-secret',
    });
    expect(c.secrets['huawei-dr']).toEqual({ ak: 'dr-ak', sk: 'dr-sk' });
    expect(secretValues(c)).toContain('main-token-secret');
  });

  it('lets a second account use the default variables when it maps none (another region of one account)', () => {
    const c = load(huawei + dr());
    expect(c.secrets['huawei-dr']).toEqual({ ak: 'main-ak', sk: 'main-sk-secret' });
  });

  it('reads an SAE STS token', () => {
    const c = loadConfig(
      {
        ...SLACK,
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sae-secret',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'sae-token',
      },
      { path: 'stopbot.yml', text: `${HEAD}  alibaba: { region: cn-shanghai }\n` },
    );
    expect(c.secrets['alibaba']).toEqual({
      accessKeyId: 'id',
      accessKeySecret: 'sae-secret',
      securityToken: 'sae-token',
    });
    expect(secretValues(c)).toEqual(expect.arrayContaining(['sae-secret', 'sae-token']));
  });

  const refusals: [string, string, Record<string, string>, string, RegExp][] = [
    [
      'a cloud that does not exist',
      '  gcp-prod: { cloud: gcp }\n',
      {},
      'providers.gcp-prod.cloud',
      /"gcp" is not a cloud; use one of huawei, alibaba, zenlayer, aws, sandbox/,
    ],
    [
      'a name with no cloud',
      `  prod: { region: cn-north-4, projectId: ${PROJECT} }\n`,
      {},
      'providers.prod.cloud',
      /is required: say which cloud prod is/,
    ],
    [
      'a cloud name given another cloud',
      `  alibaba: { cloud: huawei, region: cn-north-4, projectId: ${PROJECT} }\n`,
      {},
      'providers.alibaba.cloud',
      /that cloud's own/,
    ],
    [
      'a name with capitals and _',
      `  Huawei_DR: { cloud: huawei, region: cn-north-4, projectId: ${PROJECT} }\n`,
      {},
      'providers.Huawei_DR',
      /lower-case letters, digits and "-"/,
    ],
    [
      'a name starting with -',
      `  -dr: { cloud: huawei, region: cn-north-4, projectId: ${PROJECT} }\n`,
      {},
      'providers.-dr',
      /starting with a letter or digit/,
    ],
    [
      'a name over 32 characters',
      `  ${'a'.repeat(33)}: { cloud: sandbox, machines: [{ id: a, name: b }] }\n`,
      {},
      `providers.${'a'.repeat(33)}`,
      /at most 32/,
    ],
    [
      'an alias as a name',
      `  ecs: { cloud: huawei, region: cn-north-4, projectId: ${PROJECT} }\n`,
      {},
      'providers.ecs',
      /another word for huawei/,
    ],
    [
      'a command word as a name',
      '  status: { cloud: sandbox, machines: [{ id: a, name: b }] }\n',
      {},
      'providers.status',
      /word of the \/stop command/,
    ],
    [
      'a credentials mapping naming an unset variable',
      huawei + dr(', credentials: { ak: DR_AK, sk: DR_SK }'),
      { DR_AK: 'x' },
      'providers.huawei-dr.credentials.sk',
      /names the environment variable DR_SK, which is not set/,
    ],
    [
      'a token mapping naming an unset variable',
      huawei + dr(', credentials: { securityToken: DR_TOKEN }'),
      {},
      'providers.huawei-dr.credentials.securityToken',
      /DR_TOKEN, which is not set/,
    ],
    [
      'a mapping field the cloud does not have',
      huawei + dr(', credentials: { accessKeyId: DR_AK }'),
      {},
      'providers.huawei-dr.credentials.accessKeyId',
      /not a known key/,
    ],
    [
      'a secret where a variable name belongs',
      huawei + dr(', credentials: { ak: "abc/def+ghi=" }'),
      {},
      'providers.huawei-dr.credentials.ak',
      /NAME of an environment variable/,
    ],
    [
      'a bad approver on a provider',
      huawei + dr(', approvers: [bob]'),
      {},
      'providers.huawei-dr.approvers.0',
      /Slack user ID/,
    ],
    [
      'an unknown key on a named provider',
      huawei + dr(', regoin: x'),
      {},
      'providers.huawei-dr.regoin',
      /not a known key/,
    ],
    [
      'a bad setting of a named provider',
      dr().replace('cn-east-3', '"East 3"'),
      {},
      'providers.huawei-dr.region',
      /region ID/,
    ],
    [
      'credentials on the sandbox',
      '  lab: { cloud: sandbox, machines: [{ id: a, name: b }], credentials: { ak: X } }\n',
      {},
      'providers.lab.credentials',
      /not a known key/,
    ],
  ];
  it.each(refusals)('refuses %s, naming the key', (_what, providers, env, field, message) => {
    const err = refusal(providers, env);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it('stops startup on a default variable that is unset, naming the provider', () => {
    const err = refusal(dr(), { HUAWEICLOUD_SDK_AK: '' });
    expect(err.field).toBe('HUAWEICLOUD_SDK_AK');
    expect(err.message).toMatch(/providers\.huawei-dr is configured/);
  });
});

describe('the sandbox configured twice', () => {
  it('builds two providers with their own names and their own machines', async () => {
    const c = load(
      '  sandbox: { machines: [{ id: vm-1, name: web-1 }], stopDelay: 0 }\n' +
        '  lab: { cloud: sandbox, machines: [{ id: vm-1, name: web-1 }], stopDelay: 0, approvers: [U0LAB] }\n',
    );
    const registry = await createProviders(c, { clock: new ManualClock() });
    const sandbox = registry.providers.get('sandbox') as SandboxProvider;
    const lab = registry.providers.get('lab') as SandboxProvider;
    expect([sandbox.name, sandbox.cloud, lab.name, lab.cloud]).toEqual([
      'sandbox',
      'sandbox',
      'lab',
      'sandbox',
    ]);
    const [machine] = (await lab.resolve(['web-1'])).found;
    expect(machine?.id).toBe('vm-1');
    await lab.stop(machine ? [machine] : [], 'SOFT');
    expect(lab.simulated.stopRequestsFor('vm-1')).toBe(1);
    expect(sandbox.simulated.stopRequestsFor('vm-1')).toBe(0);
    expect(sandbox.simulated.statusOf('vm-1')).toBe('RUNNING');
    await registry.close();
  });
});
