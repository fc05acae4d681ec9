import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues } from '../../src/config/describe-issues.js';
import { parseDuration, writeDuration } from '../../src/config/duration.js';
import { policySummary } from '../../src/config/policy-summary.js';
import { closestWord } from '../../src/config/spelling.js';

/** A schema that is not stopbot's: the machinery must work for any strict schema (new sections get it for free). */
const schema = z.strictObject({
  accounts: z
    .record(
      z.string(),
      z.strictObject({
        cloud: z.enum(['aws', 'gcp']),
        credentials: z.strictObject({ keyId: z.string() }).optional(),
      }),
    )
    .default({}),
  team: z.strictObject({ members: z.array(z.strictObject({ id: z.string(), role: z.string() })) }).optional(),
  limit: z.number().int().min(1).max(50).default(5),
});

function problems(input: unknown) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return describeIssues(parsed.error, { schema, input });
}

describe('describeIssues, for any schema', () => {
  it('hints the spelling of an unknown key at every depth: object, record value, array element', () => {
    expect(
      problems({
        acounts: {},
        accounts: { prod: { cloud: 'aws', credentails: {} } },
        team: { members: [{ id: 'a', rol: 'x' }] },
      }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'acounts', message: 'is not a known key; did you mean `accounts`?' },
        { field: 'accounts.prod.credentails', message: 'is not a known key; did you mean `credentials`?' },
        { field: 'team.members.0.rol', message: 'is not a known key; did you mean `role`?' },
      ]),
    );
  });

  it('says where a key belongs when it is written at the wrong level, else lists the keys', () => {
    expect(problems({ members: [] })).toEqual([
      { field: 'members', message: 'is not a known key here; `members` belongs under `team`' },
    ]);
    expect(problems({ zzz: 1 })).toEqual([
      { field: 'zzz', message: 'is not a known key; the keys here are `accounts`, `team`, `limit`' },
    ]);
  });

  it('reports every problem at once, in plain words', () => {
    expect(problems({ limit: 99, team: null, accounts: { x: { cloud: 'azure' } } })).toEqual(
      expect.arrayContaining([
        { field: 'limit', message: 'must be at most 50' },
        { field: 'team', message: 'is empty; write `team: {}` to take every default, or fill it in' },
        { field: 'accounts.x.cloud', message: 'must be one of aws, gcp' },
      ]),
    );
    expect(problems({ limit: 'lots' })).toEqual([
      { field: 'limit', message: 'must be a number (found string "lots")' },
    ]);
    expect(problems({ team: { members: [{ id: 'a' }] } })).toEqual([
      { field: 'team.members.0.role', message: 'is required' },
    ]);
  });
});

describe('spelling hints', () => {
  it('suggests close words only', () => {
    expect(closestWord('requester', ['requesters', 'channels'])).toBe('requesters');
    expect(closestWord('chanels', ['requesters', 'channels'])).toBe('channels');
    expect(closestWord('expireIn', ['expiresIn', 'selfApproval'])).toBe('expiresIn');
    expect(closestWord('aprovals', ['approvals'])).toBe('approvals');
    expect(closestWord('selfapproval', ['selfApproval'])).toBe('selfApproval');
    expect(closestWord('banana', ['requesters', 'channels'])).toBeUndefined();
  });
});

describe('durations as people write them', () => {
  it.each([
    [1000, '1s'],
    [7 * 86_400_000, '7d'],
    [500, '500ms'],
    [90 * 60_000, '1h30m'],
    [0, '0s'],
  ])('%d ms is written %s, and reads back the same', (ms, text) => {
    expect(writeDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('the startup policy line', () => {
  it('states who may ask, where, who approves, self-approval and expiry', () => {
    const open = policySummary({
      approvals: {
        approvers: ['U0ALICE', 'S0ONCALL'],
        selfApproval: false,
        expiresIn: 900_000,
        groupCacheTtl: 0,
        notify: 'none',
      },
    });
    expect(open.text).toBe(
      'policy: may ask: anyone; in: any channel; may approve: U0ALICE, S0ONCALL; self-approval: not allowed; requests expire after 15m',
    );
    const closed = policySummary({
      approvals: {
        approvers: ['U0ALICE'],
        selfApproval: true,
        expiresIn: 3_600_000,
        groupCacheTtl: 0,
        notify: 'none',
      },
      requesters: ['U0BOB'],
      channels: ['C0OPS'],
    });
    expect(closed.text).toMatch(
      /may ask: U0BOB; in: C0OPS; .*self-approval: allowed; requests expire after 1h$/,
    );
    expect(closed.fields).toMatchObject({ requesters: ['U0BOB'], channels: ['C0OPS'], expiresIn: '1h' });
  });
});
