import type { RequestDigest, StopRequest, TargetOutcome } from './types.js';

/** A request in brief, with its outcome counts. */
export function digestOf(request: StopRequest, outcomes: Iterable<TargetOutcome>): RequestDigest {
  const counts: RequestDigest['counts'] = {};
  for (const o of outcomes) counts[o.state] = (counts[o.state] ?? 0) + 1;
  const digest: RequestDigest = {
    id: request.id,
    provider: request.provider,
    requester: request.requester,
    channel: request.channel,
    reason: request.reason,
    mode: request.mode,
    state: request.state,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    targets: request.targets.length,
    version: request.version,
    counts,
  };
  if (request.decidedBy !== undefined) digest.decidedBy = request.decidedBy;
  if (request.operation === 'start') digest.operation = 'start';
  if (request.undoes !== undefined) digest.undoes = request.undoes;
  if (request.card !== undefined) digest.card = request.card;
  return digest;
}
