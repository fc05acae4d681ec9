import { describe, expect, it } from 'vitest';
import { type NewRequestInput, newRequest } from '../../src/approvals/new-request.js';

/** A fresh pending request from a checked command. */

const input = (over: Partial<NewRequestInput> = {}): NewRequestInput => ({
  id: 'SR-NEW00000001',
  provider: 'sandbox',
  modes: ['SOFT', 'HARD'],
  requester: 'U0BOB',
  channel: 'C0OPS',
  reason: 'test',
  machines: [
    { id: 'vm-1', name: 'vm-1', status: 'RUNNING', stopped: false },
    { id: 'vm-2', name: 'vm-2', status: 'STOPPED', stopped: true },
  ],
  now: 1_000,
  expiresInMs: 600_000,
  ...over,
});

describe('newRequest', () => {
  it('names the approvers it was given (a copy), and none when there are none', () => {
    const approvers = ['U0ALICE', 'U0CAROL'];
    const r = newRequest(input({ approvers }));
    expect(r.approvers).toEqual(['U0ALICE', 'U0CAROL']);
    expect(r.approvers).not.toBe(approvers);
    expect('approvers' in newRequest(input({ approvers: [] }))).toBe(false);
    expect('approvers' in newRequest(input())).toBe(false);
  });

  it('the mode asked for wins; else the first allowed; else SOFT', () => {
    expect(newRequest(input({ mode: 'HARD' })).mode).toBe('HARD');
    expect(newRequest(input({ modes: ['HARD', 'SOFT'] })).mode).toBe('HARD');
    expect(newRequest(input({ modes: [] })).mode).toBe('SOFT');
  });

  it('machines already stopped are set aside; it expires after expiresInMs', () => {
    const r = newRequest(input());
    expect(r.targets.map((m) => m.id)).toEqual(['vm-1']);
    expect(r.skipped.map((m) => m.id)).toEqual(['vm-2']);
    expect(r).toMatchObject({ state: 'pending', version: 1, createdAt: 1_000, expiresAt: 601_000 });
  });
});
