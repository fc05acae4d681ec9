/**
 * The one interface the bot and the workflow use for every cloud.
 * Providers only do provider I/O: no Slack, no approval rules.
 */

import type {
  CallRecord,
  CloudName,
  Machine,
  ProviderName,
  ResolveResult,
  StopMode,
  TargetReport,
  TrackingState,
} from '../domain/types.js';

export type {
  AmbiguousRef,
  CallRecord,
  CloudName,
  Machine,
  ProviderName,
  ResolveResult,
  StopMode,
  TargetReport,
  TargetState,
  TrackingState,
} from '../domain/types.js';

export interface Capabilities {
  /** Modes the provider offers; the first is the default. */
  modes: readonly StopMode[];
  /** How many machines one stop call may carry. */
  batchLimit: number;
}

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
  /** The name as configured (`huawei-dr`): what people type and see. */
  readonly name: ProviderName;
  /** Which cloud it talks to. */
  readonly cloud: CloudName;
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
  /**
   * Type-ahead for a form: up to `max` machines whose name (or ID) starts with or
   * contains `prefix`, from the cheapest list call the API has (one page, its
   * name filter where there is one). Never stops anything; no retries.
   */
  suggest(prefix: string, max: number): Promise<Machine[]>;
  /**
   * One cheap read call that proves the credentials work. Resolves when they
   * do; throws a ProviderError (with `credentialsRefused` when the cloud
   * refused the credentials rather than being unreachable). Never changes anything.
   */
  probe(): Promise<void>;
}

/** Called by providers for every API call they make (metrics, audit). */
export type CallObserver = (provider: ProviderName, call: CallRecord) => void;

/** A cloud's call-rate limit: every call waits for a turn first. */
export interface Limiter {
  /** Resolves when one more call may be sent. Turns are granted in arrival order. */
  acquire(): Promise<void>;
}

/**
 * Where a provider gets the limiter of an account (`key`): one per process by
 * default; with Redis, the runtime passes one shared by every replica.
 */
export type LimiterFactory = (key: string, options: { limit: number; windowMs: number }) => Limiter;
