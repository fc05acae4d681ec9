import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { secretValues } from '../../src/config/secret-values.js';

const ENV = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'signing-secret-test' };
const file = (text: string) => ({ path: 'stopbot.yml', text });
const AWS =
  'approvals: { approvers: [U1A] }\nproviders: { aws: { region: eu-west-1, endpoint: "http://127.0.0.1:5000" } }';

describe('providers.aws config', () => {
  it('with no AWS keys in the environment, leaves credentials to the SDK default chain', () => {
    const c = loadConfig(ENV, file(AWS));
    expect(c.providers.aws).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:5000',
      timeout: 15_000,
      maxAttempts: 5,
    });
    expect(c.secrets.aws).toBeUndefined();
  });

  it('takes explicit keys and a session token from the environment, and masks the secret and the token', () => {
    const c = loadConfig(
      {
        ...ENV,
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 's3cr3t-value',
        AWS_SESSION_TOKEN: 'tok-value',
      },
      file(AWS),
    );
    expect(c.secrets.aws).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 's3cr3t-value',
      sessionToken: 'tok-value',
    });
    expect(secretValues(c)).toEqual(expect.arrayContaining(['s3cr3t-value', 'tok-value']));
  });

  it('ignores AWS keys when no aws provider is configured', () => {
    const c = loadConfig(
      { ...ENV, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' },
      file('approvals: { approvers: [U1A] }\nproviders: { sandbox: { machines: [{ id: a, name: b }] } }'),
    );
    expect(c.secrets.aws).toBeUndefined();
  });
});
