import { newRequest } from '../approvals/new-request.js';
import { operationOfRequest, type StopRequest, type TargetOutcome } from '../approvals/types.js';
import type { Machine, ResolveResult } from '../domain/types.js';
import { plural } from './views/text.js';

type Outcomes = Readonly<Record<string, TargetOutcome>>;

/**
 * Why a stop request cannot be started again, in plain words, or undefined
 * when it can (it is a finished stop that stopped at least one machine and has
 * no start request yet).
 */
export function undoRefusal(stop: StopRequest | null, id: string, outcomes: Outcomes): string | undefined {
  if (!stop)
    return `I have no request ${id}. Request IDs look like SR-7K2M9QXA4B and are shown on each card.`;
  if (operationOfRequest(stop) === 'start') {
    return `${id} is a start request (it starts again what ${stop.undoes} stopped): a start cannot be undone. To stop machines again, ask with \`/stop <provider> <targets>\`.`;
  }
  if (stop.undoneBy) return existingText(id, stop.undoneBy);
  if (stop.state === 'pending' || stop.state === 'approved') {
    return `${id} has not finished yet (it is ${stop.state}); Start again is offered once it is done.`;
  }
  if (stop.state !== 'done')
    return `${id} was ${stop.state} and stopped nothing, so there is nothing to start again.`;
  if (!stop.targets.some((m) => outcomes[m.id]?.state === 'stopped')) {
    return `${id} stopped no machine, so there is nothing to start again.`;
  }
  return undefined;
}

export const existingText = (stopId: string, startId: string) =>
  `${stopId} already has a start request: *${startId}*. Check it with \`/stop status ${startId}\`.`;

export interface UndoInput {
  id: string;
  stop: StopRequest;
  outcomes: Outcomes;
  /** Pre-flight of the machines the stop request stopped, by ID. */
  resolved: ResolveResult;
  requester: string;
  reason: string;
  now: number;
  expiresInMs: number;
  undoesLink?: string;
  /** Who may approve (mentioned on the card, and sent a DM with `notify: dm`). */
  approvers?: readonly string[];
}

/**
 * The start request for exactly what a stop request stopped: those still
 * stopped are the targets; those running again (someone started them) are left
 * out and listed, as are those that no longer exist.
 */
export function newUndoRequest(input: UndoInput): StopRequest {
  const { stop, outcomes, resolved } = input;
  const stopped = stop.targets.filter((m) => outcomes[m.id]?.state === 'stopped');
  const wanted = new Set(stopped.map((m) => m.id));
  const found = new Map<string, Machine>();
  for (const m of resolved.found) if (wanted.has(m.id) && !found.has(m.id)) found.set(m.id, m);
  const present = stopped.map((m) => found.get(m.id)).filter((m): m is Machine => m !== undefined);
  const base = newRequest({
    id: input.id,
    provider: stop.provider,
    modes: [],
    requester: input.requester,
    channel: stop.channel,
    reason: input.reason,
    machines: present,
    now: input.now,
    expiresInMs: input.expiresInMs,
    ...(input.approvers ? { approvers: input.approvers } : {}),
  });
  const request: StopRequest = {
    ...base,
    operation: 'start',
    undoes: stop.id,
    // The other way round from a stop: those stopped now are started, the rest left out.
    targets: present.filter((m) => m.stopped),
    skipped: present.filter((m) => !m.stopped),
    gone: stopped.filter((m) => !found.has(m.id)),
  };
  if (input.undoesLink) request.undoesLink = input.undoesLink;
  return request;
}

/** The answer when nothing the stop request stopped is still stopped. */
export function nothingToStart(request: StopRequest): string {
  const running = request.skipped.length;
  const gone = request.gone?.length ?? 0;
  const parts: string[] = [];
  if (running)
    parts.push(`${plural(running, 'machine')} ${running === 1 ? 'is' : 'are'} running again already`);
  if (gone) parts.push(`${plural(gone, 'machine')} no longer exist${gone === 1 ? 's' : ''}`);
  return `Nothing to start again for ${request.undoes}: ${parts.join(' and ')}. Nothing was requested.`;
}
