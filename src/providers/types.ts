/**
 * The one interface the bot and the workflow use for every cloud.
 * Providers only do provider I/O: no Slack, no approval rules.
 */

export type ProviderName = 'huawei' | 'alibaba' | 'zenlayer' | 'sandbox';
export type StopMode = 'SOFT' | 'HARD';

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

export interface Capabilities {
  /** Modes the provider offers; the first is the default. */
  modes: readonly StopMode[];
  /** How many machines one stop call may carry. */
  batchLimit: number;
}

/**
 * What happened to one machine, as far as the provider can tell right now.
 * running: powered on and not stopping (a stop is still needed);
 * stopping: on its way down; stopped: done; failed: the provider refused or gave up.
 */
export type TargetState = 'running' | 'stopping' | 'stopped' | 'failed';

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

export interface StopResult {
  /** Reports for the machines the stop call already settled (refused, not found, already stopped). */
  reports: TargetReport[];
  /** Tracking state covering every machine still on its way to stopped. */
  tracking: TrackingState;
}

export interface TrackResult {
  /** Latest report for each machine asked about. Machines with no news may be left out. */
  reports: TargetReport[];
  tracking: TrackingState;
}

export interface Provider {
  readonly name: ProviderName;
  readonly capabilities: Capabilities;
  /** Pre-flight: IDs or names to machines. Never stops anything. */
  resolve(refs: readonly string[]): Promise<ResolveResult>;
  /** Ask the provider to stop these machines, in as few calls as its API allows. */
  stop(machines: readonly Machine[], mode: StopMode): Promise<StopResult>;
  /** One round of tracking for the machines still pending. */
  track(machines: readonly Machine[], tracking: TrackingState): Promise<TrackResult>;
  /**
   * Current status of machines, read directly (used to decide whether a retried
   * stop is still needed, and for the last status at a timeout).
   */
  status(machines: readonly Machine[]): Promise<TargetReport[]>;
}

/** Called by providers for every API call they make (metrics, audit). */
export type CallObserver = (provider: ProviderName, call: CallRecord) => void;
