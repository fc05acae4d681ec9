import type { Machine, ProviderName, StopMode } from '../domain/types.js';
import type { StopRequest, TagSelection } from './types.js';

export interface NewRequestInput {
  id: string;
  provider: ProviderName;
  modes: readonly StopMode[];
  mode?: StopMode;
  requester: string;
  channel: string;
  reason: string;
  /** Who may approve (mentioned on the card so they are notified). */
  approvers?: readonly string[];
  /** Everything pre-flight found; those already stopped are set aside. */
  machines: readonly Machine[];
  now: number;
  expiresInMs: number;
  /** The tags the machines were selected by, if any. */
  selection?: TagSelection;
}

/** A fresh pending request from a checked command. */
export function newRequest(input: NewRequestInput): StopRequest {
  return {
    id: input.id,
    provider: input.provider,
    requester: input.requester,
    channel: input.channel,
    reason: input.reason,
    ...(input.approvers?.length ? { approvers: [...input.approvers] } : {}),
    modes: [...input.modes],
    mode: input.mode ?? input.modes[0] ?? 'SOFT',
    targets: input.machines.filter((m) => !m.stopped),
    skipped: input.machines.filter((m) => m.stopped),
    createdAt: input.now,
    expiresAt: input.now + input.expiresInMs,
    state: 'pending',
    version: 1,
    ...(input.selection ? { selection: input.selection } : {}),
  };
}
