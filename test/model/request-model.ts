import fc from 'fast-check';
import { expect } from 'vitest';
import { newRequest } from '../../src/approvals/new-request.js';
import type { StateStore } from '../../src/approvals/store.js';
import { isTerminalOutcome, type OutcomeState, type RequestState } from '../../src/approvals/types.js';
import type { StopMode } from '../../src/domain/types.js';

/**
 * A small model of the request state machine, and the commands fast-check
 * interleaves against a real store (memory or Redis). The "worker" steps do
 * what the workflow does around the store: claim only an approved request's
 * pending targets, finish only when every target is final.
 *
 * Checked after every step: no claim after a reject or an expiry, at most one
 * decision (and it never changes), at most one claim from pending per target,
 * and a final outcome is never overwritten. At the end every approved request
 * is driven home and each of its targets must be final.
 */

export const TARGETS = ['t1', 't2'] as const;
export const SLOTS = 3;
const REQUESTER = 'U0BOB';
const TTL = 1_000;

export interface ModelRequest {
  state: RequestState;
  mode: StopMode;
  version: number;
  expiresAt: number;
  decidedBy?: string;
  outcomes: Record<string, OutcomeState>;
  claims: Record<string, number>;
}

export interface Model {
  now: number;
  requests: (ModelRequest | undefined)[];
}

export interface Real {
  store: StateStore;
  /** Every clock read in the store goes through here (the memory store's `now`). */
  clock: { now: number };
  /** Drop the connection and let the client reconnect (Redis); a no-op for memory. */
  reconnect(): Promise<void>;
}

const idOf = (slot: number) => `SR-MODEL${String(slot).padStart(5, '0')}`;

async function compare(m: Model, r: Real, slot: number): Promise<void> {
  const want = m.requests[slot];
  const got = await r.store.getRequest(idOf(slot));
  if (!want) {
    expect(got).toBeNull();
    return;
  }
  expect(got?.state).toBe(want.state);
  expect(got?.mode).toBe(want.mode);
  expect(got?.decidedBy).toBe(want.decidedBy);
  const outcomes = await r.store.getOutcomes(idOf(slot));
  for (const t of TARGETS) {
    expect(outcomes[t]?.state).toBe(want.outcomes[t]);
    expect(want.claims[t] ?? 0).toBeLessThanOrEqual(1);
    // No stop after a reject or an expiry: nothing left pending there.
    if (want.state === 'rejected' || want.state === 'expired') expect(outcomes[t]?.state).toBe('pending');
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Create implements Cmd {
  constructor(readonly slot: number) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] === undefined;
  async run(m: Model, r: Real) {
    const request = newRequest({
      id: idOf(this.slot),
      provider: 'huawei',
      modes: ['SOFT', 'HARD'],
      requester: REQUESTER,
      channel: 'C0OPS',
      reason: 'model',
      machines: TARGETS.map((id) => ({ id, name: id, status: 'RUNNING', stopped: false })),
      now: m.now,
      expiresInMs: TTL,
    });
    expect(await r.store.createRequest(request)).toBe(true);
    m.requests[this.slot] = {
      state: 'pending',
      mode: 'SOFT',
      version: 1,
      expiresAt: m.now + TTL,
      outcomes: Object.fromEntries(TARGETS.map((t) => [t, 'pending' as const])),
      claims: {},
    };
    await compare(m, r, this.slot);
  }
  toString = () => `create(${this.slot})`;
}

class Decide implements Cmd {
  constructor(
    readonly slot: number,
    readonly action: 'approve' | 'reject',
    readonly user: string,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] !== undefined;
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    const seen = (await r.store.getRequest(idOf(this.slot)))?.version ?? 0;
    const result = await r.store.decide(idOf(this.slot), {
      action: this.action,
      user: this.user,
      at: m.now,
      allowed: true,
      selfApproval: false,
      seenVersion: this.stale ? seen - 1 : seen,
    });
    const ok =
      want.state === 'pending' &&
      m.now < want.expiresAt &&
      (this.action === 'reject' || (this.user !== REQUESTER && !this.stale));
    expect(result.ok).toBe(ok);
    if (ok) {
      want.state = this.action === 'approve' ? 'approved' : 'rejected';
      want.decidedBy = this.user;
      want.version += 1;
    }
    await compare(m, r, this.slot);
  }
  toString = () => `${this.action}(${this.slot}, ${this.user}${this.stale ? ', stale card' : ''})`;
}

class Expire implements Cmd {
  constructor(
    readonly slot: number,
    readonly late: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] !== undefined;
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    // The clock only moves forward: a late expiry moves it past this request's time.
    if (this.late) m.now = Math.max(m.now, want.expiresAt);
    r.clock.now = m.now;
    const result = await r.store.expire(idOf(this.slot), m.now);
    const ok = want.state === 'pending' && m.now >= want.expiresAt;
    expect(result.ok).toBe(ok);
    if (ok) {
      want.state = 'expired';
      want.version += 1;
    }
    await compare(m, r, this.slot);
  }
  toString = () => `expire(${this.slot}${this.late ? ', after its time' : ', early'})`;
}

class SetMode implements Cmd {
  constructor(
    readonly slot: number,
    readonly mode: StopMode,
  ) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] !== undefined;
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    const result = await r.store.setMode(idOf(this.slot), this.mode, m.now);
    const ok = want.state === 'pending' && m.now < want.expiresAt;
    expect(result.ok).toBe(ok);
    if (ok) {
      want.mode = this.mode;
      want.version += 1;
    }
    await compare(m, r, this.slot);
  }
  toString = () => `mode(${this.slot}, ${this.mode})`;
}

/** A worker's claim before the stop call (run-stop: only for an approved request). */
class Claim implements Cmd {
  constructor(
    readonly slot: number,
    readonly target: string,
  ) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] !== undefined;
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    const request = await r.store.getRequest(idOf(this.slot));
    let moved: string[] = [];
    if (request?.state === 'approved') {
      moved = await r.store.claimTargets(idOf(this.slot), [this.target], ['pending'], {
        state: 'submitting',
        at: m.now,
      });
    }
    const ok = want.state === 'approved' && want.outcomes[this.target] === 'pending';
    expect(moved).toEqual(ok ? [this.target] : []);
    if (ok) {
      want.outcomes[this.target] = 'submitting';
      want.claims[this.target] = (want.claims[this.target] ?? 0) + 1;
    }
    await compare(m, r, this.slot);
  }
  toString = () => `claim(${this.slot}, ${this.target})`;
}

/** What the cloud said about a target, recorded (a final outcome is never overwritten). */
class RecordOutcome implements Cmd {
  constructor(
    readonly slot: number,
    readonly target: string,
    readonly state: OutcomeState,
  ) {}
  check = (m: Readonly<Model>) => {
    const o = m.requests[this.slot]?.outcomes[this.target];
    return o !== undefined && o !== 'pending';
  };
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    await r.store.recordOutcomes(idOf(this.slot), { [this.target]: { state: this.state, at: m.now } });
    if (!isTerminalOutcome(want.outcomes[this.target] ?? 'pending')) want.outcomes[this.target] = this.state;
    await compare(m, r, this.slot);
  }
  toString = () => `record(${this.slot}, ${this.target}, ${this.state})`;
}

/** run-track: approved → done once every target is final. */
class Finish implements Cmd {
  constructor(readonly slot: number) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] !== undefined;
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    const outcomes = await r.store.getOutcomes(idOf(this.slot));
    const allFinal = TARGETS.every((t) => isTerminalOutcome(outcomes[t]?.state ?? 'pending'));
    const result = allFinal ? await r.store.finish(idOf(this.slot), m.now) : { ok: false };
    const ok =
      want.state === 'approved' && TARGETS.every((t) => isTerminalOutcome(want.outcomes[t] ?? 'pending'));
    expect(result.ok).toBe(ok);
    if (ok) {
      want.state = 'done';
      want.version += 1;
    }
    await compare(m, r, this.slot);
  }
  toString = () => `finish(${this.slot})`;
}

/**
 * A replica dies mid-stop: the next worker re-checks the targets it left
 * "submitting" and claims them again in the same state (never from pending).
 */
class CrashAndRedrive implements Cmd {
  constructor(readonly slot: number) {}
  check = (m: Readonly<Model>) => m.requests[this.slot] !== undefined;
  async run(m: Model, r: Real) {
    const want = m.requests[this.slot];
    if (!want) return;
    const uncertain = TARGETS.filter((t) => want.outcomes[t] === 'submitting');
    const moved = await r.store.claimTargets(idOf(this.slot), uncertain, ['submitting'], {
      state: 'submitting',
      at: m.now,
    });
    expect(moved.sort()).toEqual([...uncertain].sort());
    await compare(m, r, this.slot);
  }
  toString = () => `crash-and-redrive(${this.slot})`;
}

class Reconnect implements Cmd {
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.reconnect();
  }
  toString = () => 'redis-reconnect';
}

class Tick implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    m.now += this.ms;
    r.clock.now = m.now;
  }
  toString = () => `tick(${this.ms})`;
}

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const target = fc.constantFrom(...TARGETS);

export const commandArbs = [
  slot.map((s) => new Create(s)),
  fc
    .tuple(slot, fc.constantFrom('approve', 'reject') as fc.Arbitrary<'approve' | 'reject'>)
    .chain(([s, a]) =>
      fc
        .tuple(fc.constantFrom('U0ALICE', 'U0CAROL', REQUESTER), fc.boolean())
        .map(([u, stale]) => new Decide(s, a, u, stale)),
    ),
  fc.tuple(slot, fc.boolean()).map(([s, late]) => new Expire(s, late)),
  fc
    .tuple(slot, fc.constantFrom('SOFT', 'HARD') as fc.Arbitrary<StopMode>)
    .map(([s, mo]) => new SetMode(s, mo)),
  fc.tuple(slot, target).map(([s, t]) => new Claim(s, t)),
  fc
    .tuple(
      slot,
      target,
      fc.constantFrom('stopping', 'stopped', 'failed', 'timed_out') as fc.Arbitrary<OutcomeState>,
    )
    .map(([s, t, st]) => new RecordOutcome(s, t, st)),
  slot.map((s) => new Finish(s)),
  slot.map((s) => new CrashAndRedrive(s)),
  fc.constant(new Reconnect()),
  fc.integer({ min: 1, max: 600 }).map((ms) => new Tick(ms)),
];

/** After the commands: every approved request is driven home; each target must end final. */
export async function driveHome(m: Model, r: Real): Promise<void> {
  for (let s = 0; s < SLOTS; s++) {
    const want = m.requests[s];
    if (want?.state !== 'approved') continue;
    const id = idOf(s);
    await r.store.claimTargets(id, [...TARGETS], ['pending'], { state: 'submitting', at: m.now });
    await r.store.recordOutcomes(
      id,
      Object.fromEntries(TARGETS.map((t) => [t, { state: 'stopped' as const, at: m.now }])),
    );
    expect((await r.store.finish(id, m.now)).ok).toBe(true);
    const outcomes = await r.store.getOutcomes(id);
    for (const t of TARGETS) expect(isTerminalOutcome(outcomes[t]?.state ?? 'pending')).toBe(true);
    expect((await r.store.getRequest(id))?.state).toBe('done');
  }
}

/** Runs and seed: a fixed seed in `npm test`; MODEL_RUNS / MODEL_SEED for longer runs (npm run test:model). */
export const modelRunSettings = () => ({
  numRuns: Number(process.env['MODEL_RUNS'] ?? 20),
  seed: Number(process.env['MODEL_SEED'] ?? 20261206),
});
