import { describe, expect, it } from 'vitest';
import { mayHaveActed, NO_ANSWER, refusesAnInstance, toAwsError } from '../../src/providers/aws/errors.js';

/** An error shaped as @aws-sdk/client-ec2 throws it for an EC2 error answer. */
const sdkError = (name: string, message: string, status: number) =>
  Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  });

describe('AWS errors in plain words', () => {
  it('UnauthorizedOperation names the IAM action to grant and drops the encoded message', () => {
    const e = toAwsError(
      sdkError(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. Encoded authorization failure message: AbC123xyz',
        403,
      ),
      'StopInstances',
      'aws',
    );
    expect(e.providerCode).toBe('UnauthorizedOperation');
    expect(e.message).toMatch(/Grant it the IAM action ec2:StopInstances/);
    expect(e.message).not.toMatch(/AbC123xyz|Encoded/);
    expect(e.retryable).toBe(false);
    expect(e.requestId).toBe('req-1');
  });

  it("moto's AccessDenied reads the same way", () => {
    expect(
      toAwsError(sdkError('AccessDenied', 'User: x is not authorized', 403), 'DescribeInstances', 'aws')
        .message,
    ).toMatch(/ec2:DescribeInstances/);
  });

  it('instance refusals keep EC2’s sentence naming the IDs', () => {
    const nf = toAwsError(
      sdkError('InvalidInstanceID.NotFound', "The instance IDs 'i-0aaa, i-0bbb' do not exist", 400),
      'StopInstances',
      'aws',
    );
    expect(nf.message).toMatch(
      /no such instance in this region: The instance IDs 'i-0aaa, i-0bbb' do not exist/,
    );
    const bad = toAwsError(
      sdkError('InvalidInstanceID.Malformed', 'Invalid id: "i-xyz"', 400),
      'StopInstances',
      'aws',
    );
    expect(bad.message).toMatch(/not a valid EC2 instance ID .*i-xyz/);
    const state = toAwsError(
      sdkError('IncorrectInstanceState', "Instance 'i-0abc' cannot be stopped", 400),
      'StopInstances',
      'aws',
    );
    expect(state.message).toMatch(/not in a state from which it can be stopped: Instance 'i-0abc'/);
    for (const e of [nf, bad, state]) expect(refusesAnInstance(e)).toBe(true);
  });

  it('throttling and expired or refused credentials', () => {
    const t = toAwsError(
      sdkError('RequestLimitExceeded', 'Request limit exceeded.', 503),
      'StopInstances',
      'aws',
    );
    expect(t.retryable).toBe(true);
    expect(mayHaveActed(t)).toBe(false);
    expect(t.message).toMatch(/throttling/);
    for (const code of ['RequestExpired', 'ExpiredToken']) {
      expect(toAwsError(sdkError(code, 'x', 400), 'DescribeInstances', 'aws').message).toMatch(
        /credentials have expired/,
      );
    }
    expect(toAwsError(sdkError('AuthFailure', 'x', 401), 'DescribeInstances', 'aws').message).toMatch(
      /did not accept the credentials/,
    );
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(toAwsError(missing, 'DescribeInstances', 'aws').message).toMatch(/no AWS credentials were found/);
  });

  it('no answer at all, or a 5xx, may have acted', () => {
    const reset = toAwsError(
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} }),
      'StopInstances',
      'aws',
    );
    expect(reset.providerCode).toBe(NO_ANSWER);
    expect(mayHaveActed(reset)).toBe(true);
    expect(reset.message).toMatch(/ECONNRESET/);
    expect(mayHaveActed(toAwsError(sdkError('InternalError', 'x', 500), 'StopInstances', 'aws'))).toBe(true);
    expect(
      mayHaveActed(toAwsError(sdkError('IncorrectInstanceState', 'x', 400), 'StopInstances', 'aws')),
    ).toBe(false);
  });
});
