import type { SandboxConfig } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';

/** The status words the simulated cloud shows. */
export type SandboxStatus = 'RUNNING' | 'STOPPING' | 'STOPPED' | 'STARTING';

/** What the cloud did with one machine named in a stop call. */
export type StopOutcome = 'accepted' | 'already_stopped' | 'refused' | 'not_found';
/** What the cloud did with one machine named in a start call. */
export type StartOutcome = 'accepted' | 'already_running' | 'refused' | 'not_found';

export interface SandboxMachineView {
  id: string;
  name: string;
  status: SandboxStatus;
  /** True once the machine has refused a stop (it was configured with `fails: true`). */
  refused: boolean;
  /** True once the machine has refused a start (it was configured with `failsStart: true`). */
  refusedStart: boolean;
  tags: Readonly<Record<string, string>>;
}

/** Read-only view of the simulated cloud, for tests and diagnostics. */
export interface SandboxCloudView {
  /** How many stop calls named this machine (2+ means it was asked to stop twice). */
  stopRequestsFor(id: string): number;
  /** How many start calls named this machine. */
  startRequestsFor(id: string): number;
  statusOf(id: string): SandboxStatus | undefined;
  /** API calls received (including refused or throttled ones), optionally of one operation. */
  calls(operation?: string): number;
}

export interface SandboxCloud extends SandboxCloudView {
  /** Count an incoming API call. */
  receive(operation: string): void;
  get(id: string): SandboxMachineView | undefined;
  byName(name: string): SandboxMachineView[];
  /** Every machine, in config order. */
  all(): SandboxMachineView[];
  /** Up to `max` machines whose name or ID contains `needle` (lower-case), in config order. */
  search(needle: string, max: number): SandboxMachineView[];
  /** Ask the machines to stop; a repeated request never restarts a machine's timer. */
  stop(ids: readonly string[]): Map<string, StopOutcome>;
  /** Ask stopped machines to start; a repeated request never restarts a machine's timer. */
  start(ids: readonly string[]): Map<string, StartOutcome>;
}

interface Entry {
  id: string;
  name: string;
  fails: boolean;
  failsStart: boolean;
  tags: Record<string, string>;
  /** Where the machine rests when no change is under way. */
  rest: 'RUNNING' | 'STOPPED';
  /** An accepted stop or start: where it goes, and the moment it arrives. */
  change?: { to: 'RUNNING' | 'STOPPED'; at: number };
  refused: boolean;
  refusedStart: boolean;
  stopRequests: number;
  startRequests: number;
}

/**
 * The simulated machines of one provider instance. Time is read lazily from the
 * clock: a machine is STOPPING from the accepted stop until `stopDelay` later,
 * and STARTING from an accepted start for as long.
 */
export function createSandboxCloud(
  config: Pick<SandboxConfig, 'machines' | 'stopDelay'>,
  clock: Clock,
): SandboxCloud {
  const entries = new Map<string, Entry>();
  const names = new Map<string, Entry[]>();
  const callCounts = new Map<string, number>();
  for (const m of config.machines) {
    if (entries.has(m.id))
      throw new ConfigError('providers.sandbox.machines', `the ID "${m.id}" is used twice`);
    const entry: Entry = {
      id: m.id,
      name: m.name,
      fails: m.fails,
      failsStart: m.failsStart ?? false,
      tags: { ...(m.tags ?? {}) },
      rest: m.status,
      refused: false,
      refusedStart: false,
      stopRequests: 0,
      startRequests: 0,
    };
    entries.set(m.id, entry);
    names.set(m.name, [...(names.get(m.name) ?? []), entry]);
  }

  const statusOfEntry = (e: Entry): SandboxStatus => {
    if (e.change && clock.now() >= e.change.at) {
      e.rest = e.change.to;
      e.change = undefined;
    }
    if (!e.change) return e.rest;
    return e.change.to === 'STOPPED' ? 'STOPPING' : 'STARTING';
  };
  const view = (e: Entry): SandboxMachineView => ({
    id: e.id,
    name: e.name,
    status: statusOfEntry(e),
    refused: e.refused,
    refusedStart: e.refusedStart,
    tags: e.tags,
  });

  return {
    receive: (operation) => callCounts.set(operation, (callCounts.get(operation) ?? 0) + 1),
    calls: (operation) =>
      operation === undefined
        ? [...callCounts.values()].reduce((a, b) => a + b, 0)
        : (callCounts.get(operation) ?? 0),
    get: (id) => {
      const e = entries.get(id);
      return e && view(e);
    },
    byName: (name) => (names.get(name) ?? []).map(view),
    all: () => [...entries.values()].map(view),
    search: (needle, max) => {
      const out: SandboxMachineView[] = [];
      for (const e of entries.values()) {
        if (out.length >= max) break;
        if (e.name.toLowerCase().includes(needle) || e.id.toLowerCase().includes(needle)) out.push(view(e));
      }
      return out;
    },
    statusOf: (id) => {
      const e = entries.get(id);
      return e && statusOfEntry(e);
    },
    stopRequestsFor: (id) => entries.get(id)?.stopRequests ?? 0,
    startRequestsFor: (id) => entries.get(id)?.startRequests ?? 0,
    stop: (ids) => {
      const out = new Map<string, StopOutcome>();
      for (const id of new Set(ids)) {
        const e = entries.get(id);
        if (!e) {
          out.set(id, 'not_found');
          continue;
        }
        e.stopRequests++;
        const status = statusOfEntry(e);
        if (status === 'STOPPED') out.set(id, 'already_stopped');
        else if (e.fails) {
          e.refused = true;
          out.set(id, 'refused');
        } else {
          // A machine already STOPPING keeps its original timer.
          if (status !== 'STOPPING') e.change = { to: 'STOPPED', at: clock.now() + config.stopDelay };
          out.set(id, 'accepted');
        }
      }
      return out;
    },
    start: (ids) => {
      const out = new Map<string, StartOutcome>();
      for (const id of new Set(ids)) {
        const e = entries.get(id);
        if (!e) {
          out.set(id, 'not_found');
          continue;
        }
        e.startRequests++;
        const status = statusOfEntry(e);
        if (status === 'RUNNING') out.set(id, 'already_running');
        else if (e.failsStart || status === 'STOPPING') {
          e.refusedStart ||= e.failsStart;
          out.set(id, 'refused');
        } else {
          // A machine already STARTING keeps its original timer.
          if (status !== 'STARTING') e.change = { to: 'RUNNING', at: clock.now() + config.stopDelay };
          out.set(id, 'accepted');
        }
      }
      return out;
    },
  };
}
