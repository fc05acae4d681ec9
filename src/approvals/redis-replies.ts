import { StateReplyError } from '../errors.js';
import { decodeRequestPairs } from './request-codec.js';
import type { UndoCreation } from './store.js';
import type { RefusalReason, StopRequest, Transition } from './types.js';

/** The Redis store's reading of its scripts' replies. */

const REFUSALS: readonly RefusalReason[] = [
  'already_decided',
  'expired',
  'self_approval',
  'not_allowed',
  'not_pending',
  'stale',
  'too_many_changes',
];

export function toTransition(reply: unknown, decode = decodeRequestPairs): Transition {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string')
    throw new StateReplyError('state store: unexpected script reply');
  const [code, fields] = reply as [string, string[] | undefined];
  if (code === 'not_found') return { ok: false, reason: 'not_found' };
  const request = decode(fields ?? []);
  if (code === 'ok') return { ok: true, request };
  const reason = REFUSALS.find((r) => r === code);
  if (!reason) throw new StateReplyError(`state store: unknown script reply ${code}`);
  return { ok: false, reason, request };
}

/** create-undo.lua's reply. */
export function toUndoCreation(
  reply: unknown,
  decode: (pairs: readonly string[]) => StopRequest,
): UndoCreation {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string')
    throw new StateReplyError('state store: unexpected create-undo reply');
  const [code, detail] = reply as [string, unknown];
  if (code === 'ok') return { ok: true, stop: decode((detail ?? []) as string[]) };
  if (code === 'taken') return { ok: false, reason: 'taken', existing: String(detail) };
  if (code === 'not_found' || code === 'not_done' || code === 'id_taken') return { ok: false, reason: code };
  throw new StateReplyError(`state store: unknown create-undo reply ${code}`);
}
