import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { secretValues } from '../../src/config/secret-values.js';
import { ConfigError } from '../../src/errors.js';

const ENV = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'signing-secret-test' };
const file = (text: string) => ({ path: 'stopbot.yml', text });
const AWS = `approvals: { approvers: [U1A] }
providers:
  aws: { region: eu-west-1, endpoint: "http://127.0.0.1:5000" }
`;

function problemFields(env: Record<string, string>, text: string): string[] {
  try {
    loadConfig(env, file(text));
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.field);
    throw err;
  }
  return [];
}

describe('providers.aws config', () => {
  it('with no AWS keys in the environment, leaves credentials to the SDK default chain', () => {
    const c = loadConfig(ENV, file(AWS));
    expect(c.providers['aws']).toEqual({
      cloud: 'aws',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:5000',
      timeout: 15_000,
      maxAttempts: 5,
    });
    expect(c.secrets['aws']).toEqual({});
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
    expect(c.secrets['aws']).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 's3cr3t-value',
      sessionToken: 'tok-value',
    });
    expect(secretValues(c)).toEqual(expect.arrayContaining(['s3cr3t-value', 'tok-value']));
    expect(secretValues(c)).not.toContain('AKIAEXAMPLE');
  });

  it('one half of the key pair without the other stops startup, naming the missing variable', () => {
    expect(problemFields({ ...ENV, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' }, AWS)).toEqual([
      'AWS_SECRET_ACCESS_KEY',
    ]);
    expect(problemFields({ ...ENV, AWS_SECRET_ACCESS_KEY: 'x' }, AWS)).toEqual(['AWS_ACCESS_KEY_ID']);
  });

  it('a second AWS account maps its own keys by variable name, never pairing with the default session token', () => {
    const c = loadConfig(
      {
        ...ENV,
        AWS_SESSION_TOKEN: 'default-account-token',
        DR_AWS_ID: 'AKIADR',
        DR_AWS_SECRET: 'dr-secret-value',
      },
      file(
        `${AWS}  aws-dr: { cloud: aws, region: us-west-2, credentials: { accessKeyId: DR_AWS_ID, secretAccessKey: DR_AWS_SECRET } }\n`,
      ),
    );
    expect(c.secrets['aws-dr']).toEqual({ accessKeyId: 'AKIADR', secretAccessKey: 'dr-secret-value' });
    expect(c.secrets['aws']).toEqual({ sessionToken: 'default-account-token' });
  });
});
