import { describe, expect, it } from 'vitest';
import {
  createPolicy,
  DECISION_MEMBERSHIP_MAX_AGE_MS,
  type GroupDirectory,
} from '../../src/approvals/policy.js';

/** Who may ask and who may approve: deny by default where a list is set, fail closed when Slack cannot say. */

function directory(groups: Record<string, string[]>, failing = false) {
  const asked: { group: string; maxAgeMs?: number }[] = [];
  const dir: GroupDirectory = {
    members: async (group, maxAgeMs) => {
      asked.push({ group, maxAgeMs });
      if (failing) throw new Error('slack unavailable');
      return new Set(groups[group] ?? []);
    },
  };
  return { dir, asked };
}

describe('mayRequest', () => {
  it('anyone may ask, in any channel, when neither list is set', async () => {
    const { dir, asked } = directory({});
    const p = createPolicy({ approvers: [], selfApproval: false }, dir);
    expect(await p.mayRequest('U0ANYONE', 'C0ANY')).toEqual({ ok: true });
    expect(asked).toEqual([]);
  });

  it('only in the configured channels, with a plain reason elsewhere', async () => {
    const { dir } = directory({});
    const p = createPolicy({ approvers: [], channels: ['C0OPS'], selfApproval: false }, dir);
    expect(await p.mayRequest('U0BOB', 'C0OPS')).toEqual({ ok: true });
    expect(await p.mayRequest('U0BOB', 'C0RANDOM')).toEqual({
      ok: false,
      reason: 'stop requests are not allowed in this channel; ask in one of the configured channels',
    });
  });

  it('only listed requesters (directly or through a group), with a plain reason for others', async () => {
    const { dir, asked } = directory({ S0DEVS: ['U0DAVE'] });
    const p = createPolicy({ approvers: [], requesters: ['U0BOB', 'S0DEVS'], selfApproval: false }, dir);
    expect(await p.mayRequest('U0BOB', 'C0OPS')).toEqual({ ok: true });
    expect(asked).toEqual([]); // a listed user needs no group lookup
    expect(await p.mayRequest('U0DAVE', 'C0OPS')).toEqual({ ok: true });
    expect(await p.mayRequest('U0EVE', 'C0OPS')).toEqual({
      ok: false,
      reason: 'you are not on the list of people who may request a stop',
    });
  });

  it('an empty requester list lets no one ask', async () => {
    const { dir } = directory({});
    const p = createPolicy({ approvers: [], requesters: [], selfApproval: false }, dir);
    expect((await p.mayRequest('U0BOB', 'C0OPS')).ok).toBe(false);
  });
});

describe('mayApprove', () => {
  it('a membership Slack cannot read denies, saying so', async () => {
    const { dir } = directory({}, true);
    const p = createPolicy({ approvers: ['S0ONCALL'], selfApproval: false }, dir);
    expect(await p.mayApprove('U0CAROL', 'sandbox')).toEqual({
      ok: false,
      reason: 'I could not check user-group membership with Slack just now; try again in a minute',
    });
  });

  it('rests on a membership no older than the decision bound, for the global and a provider list', async () => {
    const { dir, asked } = directory({ S0ONCALL: ['U0CAROL'], S0DR: ['U0DAN'] });
    const p = createPolicy(
      { approvers: ['S0ONCALL'], providerApprovers: { dr: ['S0DR'] }, selfApproval: false },
      dir,
    );
    expect(await p.mayApprove('U0CAROL', 'sandbox')).toEqual({ ok: true });
    expect(await p.mayApprove('U0DAN', 'dr')).toEqual({ ok: true });
    expect(asked).toEqual([
      { group: 'S0ONCALL', maxAgeMs: DECISION_MEMBERSHIP_MAX_AGE_MS },
      { group: 'S0DR', maxAgeMs: DECISION_MEMBERSHIP_MAX_AGE_MS },
    ]);
  });

  it('a user in none of several groups is denied after every group was asked', async () => {
    const { dir, asked } = directory({ S0A: ['U0X'], S0B: ['U0Y'] });
    const p = createPolicy({ approvers: ['S0A', 'S0B'], selfApproval: true }, dir);
    expect(p.selfApproval).toBe(true);
    expect(await p.mayApprove('U0Y', 'sandbox')).toEqual({ ok: true });
    expect((await p.mayApprove('U0Z', 'sandbox')).ok).toBe(false);
    expect(asked.map((a) => a.group)).toEqual(['S0A', 'S0B', 'S0A', 'S0B']);
  });
});
