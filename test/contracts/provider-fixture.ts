import type { Provider, ProviderName } from '../../src/providers/types.js';

/** A machine to seed a fake cloud with. */
export interface FixtureMachine {
  id: string;
  name: string;
  state: 'running' | 'stopped';
  /** Alibaba: the SAE namespace ID. Ignored elsewhere. */
  group?: string;
  /** The cloud refuses to stop this one (a failure mid-way). */
  failStop?: boolean;
  /** The cloud refuses (or fails) to start this one again. */
  failStart?: boolean;
  /** Its tags, as the cloud stores them. */
  tags?: Record<string, string>;
}

export interface FixtureOptions {
  /** How long a machine takes from the stop (or start) call to fully stopped (running). */
  stopDelayMs: number;
  /** Added to every fake response. */
  latencyMs?: number;
}

/** A provider wired to its fake cloud (a local HTTP server that verifies signatures). */
export interface ProviderFixture {
  provider: Provider;
  /** Stop API calls the fake received (BatchStopServers, StopInstances, …). */
  stopCalls(): number;
  /** All API calls the fake received. */
  totalCalls(): number;
  /** How many stop requests named this machine (2+ means a double stop). */
  stopRequestsFor(id: string): number;
  /** Whether the fake now has the machine fully stopped. */
  isStopped(id: string): boolean;
  /** Start API calls the fake received (BatchStartServers, StartInstances, …). */
  startCalls(): number;
  /** How many start requests named this machine (2+ means a double start). */
  startRequestsFor(id: string): number;
  /** Whether the fake now has the machine fully running again. */
  isRunning(id: string): boolean;
  /** The next `n` calls are answered with the provider's throttling error. */
  throttleNext(n: number): void;
  close(): Promise<void>;
}

export interface ProviderFixtureFactory {
  name: ProviderName;
  /** The most machines one stop call may carry (Alibaba: per namespace batch). */
  batchLimit: number;
  /** Machines one listing page carries when selecting by tag. */
  listPageSize: number;
  /** A valid ID for this provider, distinct for each i. */
  makeId(i: number): string;
  /** Alibaba groups machines by namespace; others return undefined. */
  makeGroup?(i: number): string;
  create(machines: FixtureMachine[], options: FixtureOptions): Promise<ProviderFixture>;
}
