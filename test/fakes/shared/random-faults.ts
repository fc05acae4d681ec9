/**
 * Seeded random faults for the fake clouds: the same seed deals the same faults in the
 * same order, so a failing run can be replayed. Each fake names its own fault kinds.
 */
export interface RandomFaultOptions<K extends string> {
  /** Share of calls hit, 0..1. */
  rate: number;
  kinds: readonly K[];
  seed: number;
}

/** mulberry32: a small, fast seeded generator, good enough for picking faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** No fault for (1 - rate) of draws, otherwise a kind picked evenly from `kinds`. */
export function drawFault<K extends string>(
  random: () => number,
  options: RandomFaultOptions<K> | undefined,
): K | undefined {
  if (!options || options.kinds.length === 0 || random() >= options.rate) return undefined;
  return options.kinds[Math.floor(random() * options.kinds.length)];
}

export interface FaultPicker<K extends string> {
  /** The fault for the next call, if any. */
  next(): K | undefined;
}

/** A picker with its own generator; without options it never deals a fault. */
export function createFaultPicker<K extends string>(
  options: RandomFaultOptions<K> | undefined,
): FaultPicker<K> {
  const random = seededRandom(options?.seed ?? 0);
  return { next: () => drawFault(random, options) };
}
