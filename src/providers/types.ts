/**
 * The one interface the bot and the workflow use for every cloud.
 * Providers only do provider I/O: no Slack, no approval rules.
 */

import type {
  CallRecord,
  CloudName,
  Machine,
  Operation,
  ProviderName,
  ResolveResult,
  StopMode,
  TagFilter,
  TargetReport,
  TrackingState,
} from '../domain/types.js';

export type {
  AmbiguousRef,
  CallRecord,
  CloudName,
  Machine,
  Operation,
  ProviderName,
  ResolveResult,
  StopMode,
  TagFilter,
  TargetReport,
  TargetState,
  TrackingState,
} from '../domain/types.js';

export interface Capabilities {
  /** Modes the provider offers; the first is the default. */
  modes: readonly StopMode[];
  /** How many machines one stop (or start) call may carry. */
  batchLimit: number;
  /**
   * Selection by tag: 'server' = the cloud filters by tag itself (paged);
   * 'client' = the cloud returns tags but cannot filter, so the whole listing is
   * read and filtered here; 'none' = the cloud has no tags (findByTags throws).
   */
  tags: 'server' | 'client' | 'none';
}

/**
 * The result of a stop call, and of a start call (same shape): reports for the
 * machines the call already settled, tracking state for the rest.
 */
export interface StopResult {
  /**
   * Reports for the machines the call already settled (refused, not found,
   * already stopped — or, for a start, already running).
   */
  reports: TargetReport[];
  /** Tracking state covering every machine still on its way (it records which operation). */
  tracking: TrackingState;
}

/** What a tag query found. */
export interface TagMatches {
  /** Every matching machine when `exact`; else those seen before the listing stopped. */
  machines: Machine[];
  /** Matches counted: the exact total when `exact`, else a lower bound above `max`. */
  total: number;
  /** False when the listing stopped early because more than `max` matched. */
  exact: boolean;
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
  /**
   * Ask the provider to start these (stopped) machines again, in as few calls as
   * its API allows. A machine already running is reported `running`, not failed;
   * the rest are tracked. Never stops anything.
   */
  start(machines: readonly Machine[]): Promise<StopResult>;
  /**
   * One round of tracking for the machines still pending, for either operation:
   * the tracking state returned by `stop` or `start` records which one it follows.
   * A stop's machines end `stopped` or `failed` (in flight: `running`/`stopping`);
   * a start's end `running` or `failed` (in flight: `stopped`/`starting`).
   */
  track(machines: readonly Machine[], tracking: TrackingState): Promise<TrackResult>;
  /**
   * Current status of machines, read directly (used to decide whether a retried
   * stop or start is still needed, and for the last status at a timeout):
   * running, stopping, stopped, starting or failed (gone, broken).
   */
  status(machines: readonly Machine[]): Promise<TargetReport[]>;
  /**
   * Machines carrying every tag in `filters` (a filter without value: any value of
   * that key), matched exactly as the cloud stores them (re-checked here, as the
   * clouds' own matching is under-documented). Uses the cloud's tag filter with
   * paging where it has one; stops listing once more than `max` are known. Throws
   * a ProviderError coded `TagsUnsupported` when the cloud has no tags.
   */
  findByTags(filters: readonly TagFilter[], max: number): Promise<TagMatches>;
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

/** Which operation a tracking state follows (states written before starts existed follow a stop). */
export function operationOf(tracking: TrackingState): Operation {
  return tracking['op'] === 'start' ? 'start' : 'stop';
}

/** Is this report final for the operation (nothing left to track)? */
export function isSettled(op: Operation, state: TargetReport['state']): boolean {
  return state === 'failed' || state === (op === 'start' ? 'running' : 'stopped');
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
