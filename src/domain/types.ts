/**
 * The words every room shares: which provider, which mode, which machine, what
 * happened to it. A leaf: it imports nothing of src/.
 */

/** The kind of cloud a provider talks to. */
export type CloudName = 'huawei' | 'alibaba' | 'zenlayer' | 'aws' | 'sandbox';
/**
 * A provider as configured: the key under `providers` (`huawei`, `huawei-dr`, `lab`).
 * What people type and see; two accounts of one cloud have two names.
 */
export type ProviderName = string;
export type StopMode = 'SOFT' | 'HARD';
/** What a request does to its machines: a stop, or a start that undoes one. */
export type Operation = 'stop' | 'start';

/** One `--tag` of a selection: `key=value`, or `key` alone (value absent = any value). */
export interface TagFilter {
  key: string;
  value?: string;
}

/** A machine as the provider described it at pre-flight. */
export interface Machine {
  id: string;
  name: string;
  /** The provider's own status word, shown to people (e.g. ACTIVE, SHUTOFF, RUNNING). */
  status: string;
  /** True when the machine is already stopped and needs no stop call. */
  stopped: boolean;
  /** Provider-specific grouping needed to stop it (Alibaba: the SAE namespace). */
  group?: string;
  /** The machine's tags, where the cloud returns them with the listing. */
  tags?: Record<string, string>;
}

export interface AmbiguousRef {
  ref: string;
  matches: Machine[];
}

export interface ResolveResult {
  /** One entry per distinct machine found, in the order asked. */
  found: Machine[];
  /** Refs (IDs or names) that matched nothing. */
  unknown: string[];
  /** Names that matched more than one machine. */
  ambiguous: AmbiguousRef[];
}

/**
 * What happened to one machine, as far as the provider can tell right now.
 * running: powered on and not stopping (for a stop: a stop is still needed; for a
 * start: done); stopping: on its way down; stopped: powered off (for a stop: done;
 * for a start: a start is still needed); starting: on its way up; failed: the
 * provider refused or gave up.
 */
export type TargetState = 'running' | 'stopping' | 'stopped' | 'starting' | 'failed';

export interface TargetReport {
  id: string;
  state: TargetState;
  /** The provider's own status word at this moment (e.g. ACTIVE, SHUTOFF), when known. */
  status?: string;
  /** Plain-language reason on failure, from the provider (code and message). */
  reason?: string;
  /** The provider's error code, when there is one. */
  code?: string;
}

/** One provider call, for the audit trail and metrics. */
export interface CallRecord {
  operation: string;
  ok: boolean;
  code?: string;
  requestId?: string;
  ms: number;
}

/**
 * JSON-serialisable tracking state, owned by the provider. The workflow stores it
 * between polls (in Redis when configured) and hands it back unchanged.
 */
export type TrackingState = Record<string, unknown>;
