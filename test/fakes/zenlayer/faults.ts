/**
 * Injected failures. '500', '429' and 'html' answer before the action runs (nothing
 * happens); 'reset' and 'timeout' run the action first and then lose the answer
 * (the socket is destroyed at once, or after `hangMs`), as a real network can.
 */
export type FaultKind = '500' | '429' | 'timeout' | 'reset' | 'html';

export interface FaultOptions {
  /** Share of requests hit, 0..1. */
  rate: number;
  kinds: FaultKind[];
  seed: number;
  /** How long a 'timeout' holds the connection before dropping it; default 2000 ms. */
  hangMs?: number;
}

/** mulberry32: a small seeded PRNG so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_HANG_MS = 2000;

export interface FaultPicker {
  /** The fault for the next request, if any. */
  next(): FaultKind | undefined;
  readonly hangMs: number;
}

export function createFaultPicker(options: FaultOptions): FaultPicker {
  const random = seededRandom(options.seed);
  return {
    hangMs: options.hangMs ?? DEFAULT_HANG_MS,
    next() {
      if (options.kinds.length === 0 || random() >= options.rate) return undefined;
      return options.kinds[Math.floor(random() * options.kinds.length)];
    },
  };
}
