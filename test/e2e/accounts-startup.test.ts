import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/bot-harness.js';
import { spawnReplicaProcess } from '../helpers/replicas.js';

/** Through the real entry point: a provider's credentials mapping naming an unset variable stops startup. */
const dir = mkdtempSync(join(tmpdir(), 'stopbot-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROJECT = '0123456789abcdef0123456789abcdef';
const DR_SK = 'hwDrSecretKeyThatMustNotBeEchoed000000000';

describe('src/main.ts with a second account whose variable is unset', () => {
  it('exits 78 naming the provider, the field and the variable, and never the secrets it did read', async () => {
    const path = join(dir, 'stopbot.yml');
    writeFileSync(
      path,
      stringify({
        approvals: { approvers: ['U0ALICE'] },
        providers: {
          sandbox: { machines: [{ id: 'vm-1', name: 'web-1' }] },
          'huawei-dr': {
            cloud: 'huawei',
            region: 'cn-east-3',
            projectId: PROJECT,
            endpoint: 'http://127.0.0.1:9',
            credentials: { ak: 'HUAWEI_DR_AK', sk: 'HUAWEI_DR_SK', securityToken: 'HUAWEI_DR_TOKEN' },
          },
        },
      }),
    );
    const { ready, lines } = spawnReplicaProcess(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        PORT: '0',
        STOPBOT_CONFIG: path,
        HUAWEI_DR_SK: DR_SK,
        HUAWEI_DR_TOKEN: '',
      },
      'src/main.ts',
    );
    const outcome = await ready;
    if (typeof outcome === 'number') throw new Error('the bot started with an unset credential variable');
    expect(outcome.code).toBe(78);
    const text = outcome.stderr + lines.join('\n');
    expect(text).toMatch(
      /providers\.huawei-dr\.credentials\.ak: names the environment variable HUAWEI_DR_AK, which is not set/,
    );
    expect(text).toMatch(
      /providers\.huawei-dr\.credentials\.securityToken: names the environment variable HUAWEI_DR_TOKEN/,
    );
    for (const secret of [DR_SK, BOT_TOKEN, SIGNING_SECRET]) expect(text).not.toContain(secret);
  });
});
