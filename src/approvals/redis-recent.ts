import type { MessageRef, OutcomeState, RequestDigest, RequestState } from './types.js';

interface Brief {
  provider: RequestDigest['provider'];
  channel: string;
  reason: string;
  createdAt: number;
  targets: number;
  operation?: RequestDigest['operation'];
  undoes?: string;
}

/** recent.lua's flat answer (10 strings per request) → digests. */
export function decodeRecent(reply: unknown): RequestDigest[] {
  const flat = Array.isArray(reply) ? reply.map(String) : [];
  const out: RequestDigest[] = [];
  for (let i = 0; i + 9 < flat.length; i += 10) {
    const [id, requester, state, mode, expiresAt, decidedBy, card, version, brief, counts] = flat.slice(
      i,
      i + 10,
    );
    const b = JSON.parse(brief ?? '{}') as Brief;
    const digest: RequestDigest = {
      id: id ?? '',
      provider: b.provider,
      requester: requester ?? '',
      channel: b.channel,
      reason: b.reason ?? '',
      mode: mode as RequestDigest['mode'],
      state: state as RequestState,
      createdAt: Number(b.createdAt),
      expiresAt: Number(expiresAt),
      targets: Number(b.targets),
      version: Number(version),
      counts: JSON.parse(counts || '{}') as Partial<Record<OutcomeState, number>>,
    };
    if (decidedBy) digest.decidedBy = decidedBy;
    if (b.operation === 'start') digest.operation = 'start';
    if (typeof b.undoes === 'string') digest.undoes = b.undoes;
    if (card) digest.card = JSON.parse(card) as MessageRef;
    out.push(digest);
  }
  return out;
}
