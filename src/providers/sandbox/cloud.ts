import type { SandboxConfig } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';

/** The status words the simulated cloud shows. */
export type SandboxStatus = 'RUNNING' | 'STOPPING' | 'STOPPED';

/** What the cloud did with one machine named in a stop call. */
export type StopOutcome = 'accepted' | 'already_stopped' | 'refused' | 'not_found';

export interface SandboxMachineView {
  id: string;
  name: string;
  status: SandboxStatus;
  /** True once the machine has refused a stop (it was configured with `fails: true`). */
  refused: boolean;
}

/** Read-only view of the simulated cloud, for tests and diagnostics. */
export interface SandboxCloudView {
  /** How many stop calls named this machine (2+ means it was asked to stop twice). */
  stopRequestsFor(id: string): number;
  statusOf(id: string): SandboxStatus | undefined;
  /** API calls received (including refused or throttled ones), optionally of one operation. */
  calls(operation?: string): number;
}

export interface SandboxCloud extends SandboxCloudView {
  /** Count an incoming API call. */
  receive(operation: string): void;
  get(id: string): SandboxMachineView | undefined;
  byName(name: string): SandboxMachineView[];
  /** Up to `max` machines whose name or ID contains `needle` (lower-case), in config order. */
  search(needle: string, max: number): SandboxMachineView[];
  /** Ask the machines to stop; a repeated request never restarts a machine's timer. */
  stop(ids: readonly string[]): Map<string, StopOutcome>;
}

interface Entry {
  id: string;
  name: string;
  fails: boolean;
  startsStopped: boolean;
  refused: boolean;
  /** When a stop was accepted, the moment it completes. */
  stoppedAt?: number;
  stopRequests: number;
}

/**
 * The simulated machines of one provider instance. Time is read lazily from the
 * clock: a machine is STOPPING from the accepted stop until `stopDelay` later.
 */
export function createSandboxCloud(config: SandboxConfig, clock: Clock): SandboxCloud {
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
      startsStopped: m.status === 'STOPPED',
      refused: false,
      stopRequests: 0,
    };
    entries.set(m.id, entry);
    names.set(m.name, [...(names.get(m.name) ?? []), entry]);
  }

  const statusOfEntry = (e: Entry): SandboxStatus => {
    if (e.startsStopped) return 'STOPPED';
    if (e.stoppedAt === undefined) return 'RUNNING';
    return clock.now() >= e.stoppedAt ? 'STOPPED' : 'STOPPING';
  };
  const view = (e: Entry): SandboxMachineView => ({
    id: e.id,
    name: e.name,
    status: statusOfEntry(e),
    refused: e.refused,
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
          e.stoppedAt ??= clock.now() + config.stopDelay;
          out.set(id, 'accepted');
        }
      }
      return out;
    },
  };
}
