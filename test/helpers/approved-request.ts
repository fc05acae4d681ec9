import { newRequest } from '../../src/approvals/new-request.js';
import type { StateStore } from '../../src/approvals/store.js';
import type { Machine, ProviderName } from '../../src/domain/types.js';

/**
 * A SOFT stop of `machines` asked by U0BOB in C0OPS, created with its card at
 * `now` and approved by U0ALICE; `decided` is the store's answer to the approval.
 */
export async function approvedRequest(
  store: StateStore,
  input: { id: string; provider: ProviderName; machines: readonly Machine[]; now: number },
) {
  const { now } = input;
  const request = newRequest({
    id: input.id,
    provider: input.provider,
    modes: ['SOFT'],
    requester: 'U0BOB',
    channel: 'C0OPS',
    reason: 'test',
    machines: input.machines,
    now,
    expiresInMs: 60_000,
  });
  await store.createRequest(request);
  // An approved request always has its card: the thread the summary goes to.
  await store.setCard(request.id, { channel: 'C0OPS', ts: '1700000000.000100' });
  const decided = await store.decide(request.id, {
    action: 'approve',
    user: 'U0ALICE',
    at: now,
    allowed: true,
    selfApproval: false,
    seenVersion: request.version,
  });
  return { request, decided };
}
