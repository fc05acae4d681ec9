/** Seeded fault injection: the same seed gives the same faults in the same order. */

export type FaultKind = '500' | 'throttle' | 'timeout' | 'reset' | 'html';

export interface FaultOptions {
  /** Share of calls that get a fault, 0..1. */
  rate: number;
  kinds: FaultKind[];
  seed: number;
}

/** mulberry32: small, fast, good enough for picking faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultPicker {
  /** The fault for the next call, if any. */
  next(): FaultKind | undefined;
}

export function createFaultPicker(options: FaultOptions | undefined): FaultPicker {
  if (!options || options.rate <= 0 || options.kinds.length === 0) return { next: () => undefined };
  const random = seeded(options.seed);
  const { kinds, rate } = options;
  return {
    next() {
      if (random() >= rate) return undefined;
      return kinds[Math.floor(random() * kinds.length)];
    },
  };
}
