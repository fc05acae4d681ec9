import { describe, expect, it } from 'vitest';
import { createPolicy, type GroupDirectory } from '../../src/approvals/policy.js';

/** Per-provider approvers (issue 12): a provider's own list replaces the global one for its requests. */
const directory: GroupDirectory = {
  members: async (group) =>
    new Set(group === 'S0DRLEADS' ? ['U0DRGROUP'] : group === 'S0ONCALL' ? ['U0CAROL'] : []),
};
const policy = createPolicy(
  {
    approvers: ['U0ALICE', 'S0ONCALL'],
    providerApprovers: { 'huawei-dr': ['U0DRLEAD', 'S0DRLEADS'] },
    selfApproval: false,
  },
  directory,
);

describe('per-provider approvers', () => {
  it('decide for their provider, and only they do', async () => {
    expect(await policy.mayApprove('U0DRLEAD', 'huawei-dr')).toEqual({ ok: true });
    expect(await policy.mayApprove('U0DRGROUP', 'huawei-dr')).toEqual({ ok: true });
    expect(await policy.mayApprove('U0ALICE', 'huawei-dr')).toEqual({
      ok: false,
      reason: 'you are not an approver for stop requests on huawei-dr',
    });
    expect((await policy.mayApprove('U0CAROL', 'huawei-dr')).ok).toBe(false);
  });

  it('leave the global list to every other provider', async () => {
    expect(await policy.mayApprove('U0ALICE', 'huawei')).toEqual({ ok: true });
    expect(await policy.mayApprove('U0CAROL', 'huawei')).toEqual({ ok: true });
    expect((await policy.mayApprove('U0DRLEAD', 'huawei')).ok).toBe(false);
    // An inherited key is not a provider with a list of its own.
    expect((await policy.mayApprove('U0DRLEAD', 'constructor')).ok).toBe(false);
  });

  it('say who decides for a provider', () => {
    expect(policy.approversFor('huawei-dr')).toEqual(['U0DRLEAD', 'S0DRLEADS']);
    expect(policy.approversFor('huawei')).toEqual(['U0ALICE', 'S0ONCALL']);
    expect(policy.approversFor('__proto__')).toEqual(['U0ALICE', 'S0ONCALL']);
  });
});

describe('group lookups', () => {
  it('only user-group IDs (S…) are looked up as groups; a listed user ID never is', async () => {
    const asked: string[] = [];
    const strict: GroupDirectory = {
      members: async (group) => {
        asked.push(group);
        // Slack refuses a user ID where a group ID belongs.
        if (!group.startsWith('S')) throw new Error(`invalid usergroup ${group}`);
        return new Set(group === 'S0ONCALL' ? ['U0CAROL'] : []);
      },
    };
    const p = createPolicy({ approvers: ['U0ALICE', 'S0ONCALL'], selfApproval: false }, strict);
    expect(await p.mayApprove('U0CAROL', 'huawei')).toEqual({ ok: true });
    const refused = await p.mayApprove('U0MALLORY', 'huawei');
    expect(refused).toEqual({ ok: false, reason: 'you are not an approver for stop requests' });
    expect(asked).toEqual(['S0ONCALL', 'S0ONCALL']);
  });
});
