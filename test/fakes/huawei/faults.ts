import { drawFault, type RandomFaultOptions, seededRandom } from '../shared/random-faults.js';
import type { FakeResponse } from './responses.js';
import type { FakeOperation } from './routes.js';

/**
 * Trouble on the wire. 'before' faults answer without acting; 'after' faults act
 * (a stop is carried out) and then lose or spoil the answer: the case a client must
 * not repeat blindly.
 */
export type FaultKind = '500' | '429' | 'timeout' | 'reset' | 'html';
export type FaultTiming = 'before' | 'after';

export type RandomFaults = RandomFaultOptions<FaultKind>;

export interface Fault {
  kind: FaultKind | FakeResponse;
  when: FaultTiming;
}

export class FaultPlan {
  private random: () => number = Math.random;
  private options: RandomFaults | undefined;
  private readonly scripted: Array<Fault & { operation?: FakeOperation }> = [];
  /** Faults dealt so far, by kind (for test assertions that faults did happen). */
  readonly dealt = new Map<string, number>();

  constructor(options?: RandomFaults) {
    this.setRandom(options);
  }

  setRandom(options: RandomFaults | undefined): void {
    this.options = options;
    if (options) this.random = seededRandom(options.seed);
  }

  /** The next call to `operation` (any call when left out) gets this fault. */
  script(fault: Fault & { operation?: FakeOperation }): void {
    this.scripted.push(fault);
  }

  next(operation: FakeOperation | undefined): Fault | undefined {
    const i = this.scripted.findIndex((f) => f.operation === undefined || f.operation === operation);
    if (i >= 0) return this.note(this.scripted.splice(i, 1)[0]);
    const kind = drawFault(this.random, this.options);
    if (kind === undefined) return undefined;
    // Throttling is the gateway's: it never reaches the service.
    const when: FaultTiming = kind === '429' || this.random() < 0.5 ? 'before' : 'after';
    return this.note({ kind, when });
  }

  private note(fault: Fault | undefined): Fault | undefined {
    if (fault) {
      const key = `${typeof fault.kind === 'string' ? fault.kind : fault.kind.status}/${fault.when}`;
      this.dealt.set(key, (this.dealt.get(key) ?? 0) + 1);
    }
    return fault;
  }
}
