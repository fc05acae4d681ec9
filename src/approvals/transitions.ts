import type { StopMode } from '../domain/types.js';
import type { Decision, StopRequest, Transition } from './types.js';

/**
 * The request state machine as pure functions. The memory store applies these
 * directly; the Redis store runs the same rules in Lua (decide.lua and friends),
 * and the store contract suite holds both to the same behaviour.
 */

export function applyDecision(request: StopRequest, d: Decision): Transition {
  if (request.state !== 'pending') return { ok: false, reason: 'already_decided', request };
  if (d.at >= request.expiresAt) return { ok: false, reason: 'expired', request };
  if (!d.allowed) return { ok: false, reason: 'not_allowed', request };
  if (d.action === 'approve' && !d.selfApproval && d.user === request.requester) {
    return { ok: false, reason: 'self_approval', request };
  }
  if (d.action === 'approve' && d.seenVersion !== request.version) {
    return { ok: false, reason: 'stale', request };
  }
  return {
    ok: true,
    request: {
      ...request,
      state: d.action === 'approve' ? 'approved' : 'rejected',
      decidedBy: d.user,
      decidedAt: d.at,
      ...(d.action === 'reject' && d.reason ? { rejectReason: d.reason } : {}),
      finishedAt: d.action === 'reject' ? d.at : undefined,
      version: request.version + 1,
    },
  };
}

export function applyExpiry(request: StopRequest, now: number): Transition {
  if (request.state !== 'pending') return { ok: false, reason: 'not_pending', request };
  if (now < request.expiresAt) return { ok: false, reason: 'not_pending', request };
  return {
    ok: true,
    request: { ...request, state: 'expired', finishedAt: now, version: request.version + 1 },
  };
}

/**
 * How often one request's mode may change. While pending only a mode change
 * bumps the version (from 1), so the version counts them.
 */
export const MAX_MODE_CHANGES = 10;

export function applyMode(request: StopRequest, mode: StopMode, now: number): Transition {
  if (request.state !== 'pending') return { ok: false, reason: 'already_decided', request };
  if (now >= request.expiresAt) return { ok: false, reason: 'expired', request };
  if (!request.modes.includes(mode)) return { ok: false, reason: 'not_allowed', request };
  if (request.version > MAX_MODE_CHANGES) return { ok: false, reason: 'too_many_changes', request };
  return { ok: true, request: { ...request, mode, version: request.version + 1 } };
}

export function applyFinish(request: StopRequest, now: number): Transition {
  if (request.state !== 'approved') return { ok: false, reason: 'not_pending', request };
  return { ok: true, request: { ...request, state: 'done', finishedAt: now, version: request.version + 1 } };
}
