import type { Decision, StopRequest } from '../../../src/approvals/types.js';
import type { Machine } from '../../../src/providers/types.js';

export const T0 = 1_700_000_000_000;
export const EXPIRES = T0 + 15 * 60_000;

let counter = 0;

export function machines(n: number, prefix = 'srv'): Machine[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    name: `name-${i}`,
    status: 'ACTIVE',
    stopped: false,
  }));
}

/** A fresh pending request with a unique ID. */
export function makeRequest(overrides: Partial<StopRequest> = {}): StopRequest {
  counter += 1;
  return {
    id: `req-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    provider: 'huawei',
    requester: 'U_BOB',
    channel: 'C_OPS',
    reason: 'cpu miner found — «quoted» 日本',
    mode: 'SOFT',
    modes: ['SOFT', 'HARD'],
    targets: machines(3),
    skipped: [],
    createdAt: T0,
    expiresAt: EXPIRES,
    state: 'pending',
    version: 1,
    ...overrides,
  };
}

export function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    action: 'approve',
    user: 'U_ALICE',
    at: T0 + 1_000,
    allowed: true,
    selfApproval: false,
    seenVersion: 1,
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
