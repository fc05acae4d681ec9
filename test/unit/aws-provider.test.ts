import { describe, expect, it } from 'vitest';
import { awsFakeId } from '../contracts/fixtures/aws-fake.js';
import { FAKE_KEYS } from '../fakes/aws/fake-ec2.js';
import { awsFixtures, startAwsRig } from '../fakes/aws/rig.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

// EC2 behaviours moto does not show, against the EC2 fake (Query/XML, SigV4 checked).
const open = closeAfterEach(startAwsRig);
const { inst, machine } = awsFixtures('running');

describe('AWS provider against the EC2 fake', () => {
  it('pages through DescribeInstances: a name on 1,200 instances is ambiguous with all of them', async () => {
    const { fake, provider } = await open(Array.from({ length: 1200 }, (_, i) => inst(i, { name: 'dup' })));
    const res = await provider.resolve(['dup']);
    expect(res.ambiguous[0]?.matches).toHaveLength(1200);
    expect(fake.calls('DescribeInstances')).toBe(2);
  });

  it('a malformed ID is looked up as a name only, never sent as an ID', async () => {
    const { fake, provider } = await open([inst(1)]);
    const res = await provider.resolve(['i-NOTHEX', awsFakeId(1)]);
    expect(res.unknown).toEqual(['i-NOTHEX']);
    expect(res.found.map((m) => m.id)).toEqual([awsFakeId(1)]);
    expect(fake.calls()).toBe(2);
  });

  it('an instance gone since pre-flight: NotFound for it alone, the rest stopped', async () => {
    const { fake, provider } = await open([inst(1), inst(2), inst(3)]);
    fake.instances.delete(awsFakeId(2));
    const res = await provider.stop([machine(1), machine(2), machine(3)], 'SOFT');
    expect(res.reports).toEqual([
      expect.objectContaining({ id: awsFakeId(2), state: 'failed', code: 'InvalidInstanceID.NotFound' }),
    ]);
    expect(res.reports[0]?.reason).toMatch(/no instance .* in this region/);
    expect(fake.calls('StopInstances')).toBe(2);
    expect(fake.stateOf(awsFakeId(1))).toBe('stopping');
    expect(fake.stateOf(awsFakeId(3))).toBe('stopping');
  });

  it('HARD sends Force=true, SOFT sends no Force', async () => {
    const { fake, provider } = await open([inst(1), inst(2)]);
    await provider.stop([machine(1)], 'HARD');
    await provider.stop([machine(2)], 'SOFT');
    expect(fake.forceFlags).toEqual([true, false]);
  });

  it('stop protection (OperationNotPermitted) is said in plain words for that instance only', async () => {
    const { provider } = await open([inst(1), inst(2, { disableApiStop: true })]);
    const res = await provider.stop([machine(1), machine(2)], 'SOFT');
    expect(res.reports).toHaveLength(1);
    expect(res.reports[0]).toMatchObject({
      id: awsFakeId(2),
      state: 'failed',
      code: 'OperationNotPermitted',
    });
    expect(res.reports[0]?.reason).toMatch(/DisableApiStop/);
  });

  it('a wrong secret is refused by the signature check and said in plain words', async () => {
    const { provider } = await open([inst(1)], { ...FAKE_KEYS, secretAccessKey: 'wrong-secret' });
    await expect(provider.resolve(['web-1'])).rejects.toThrow(/did not accept the credentials/);
  });

  it('no answer to the stop and none to the describe: tracked as a doubt, failed if still running', async () => {
    const { fake, provider } = await open([inst(1)]);
    fake.dropNext('StopInstances', 1);
    fake.dropNext('DescribeInstances', 3);
    const res = await provider.stop([machine(1)], 'SOFT');
    expect(res.reports).toEqual([]);
    const round = await provider.track([machine(1)], res.tracking);
    expect(round.reports[0]).toMatchObject({ state: 'failed', code: 'STOP_UNCONFIRMED' });
    expect(round.reports[0]?.reason).toMatch(/still running/);
    expect(fake.calls('StopInstances')).toBe(1);
    expect(fake.stateOf(awsFakeId(1))).toBe('running');
  });

  it('probe: one read call with working keys; a wrong secret or expired keys are marked as refused credentials', async () => {
    const { fake, provider } = await open([inst(1)]);
    await provider.probe();
    expect(fake.calls()).toBe(1);
    expect(fake.calls('StopInstances')).toBe(0);
    fake.expired = true;
    await expect(provider.probe()).rejects.toMatchObject({
      providerCode: 'RequestExpired',
      credentialsRefused: true,
    });
    fake.expired = false;
    fake.deny('DescribeInstances');
    await expect(provider.probe()).rejects.toMatchObject({
      providerCode: 'UnauthorizedOperation',
      credentialsRefused: true,
    });
  });

  it('probe with a secret AWS does not accept: AuthFailure, refused credentials', async () => {
    const { provider } = await open([inst(1)], { ...FAKE_KEYS, secretAccessKey: 'wrong-secret' });
    await expect(provider.probe()).rejects.toMatchObject({
      providerCode: 'AuthFailure',
      credentialsRefused: true,
    });
  });
});
