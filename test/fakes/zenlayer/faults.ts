import { createFaultPicker as createPicker, type RandomFaultOptions } from '../shared/random-faults.js';

/**
 * Injected failures. '500', '429' and 'html' answer before the action runs (nothing
 * happens); 'reset' and 'timeout' run the action first and then lose the answer
 * (the socket is destroyed at once, or after `hangMs`), as a real network can.
 */
export type FaultKind = '500' | '429' | 'timeout' | 'reset' | 'html';

export interface FaultOptions extends RandomFaultOptions<FaultKind> {
  /** How long a 'timeout' holds the connection before dropping it; default 2000 ms. */
  hangMs?: number;
}

export const DEFAULT_HANG_MS = 2000;

export interface FaultPicker {
  /** The fault for the next request, if any. */
  next(): FaultKind | undefined;
  readonly hangMs: number;
}

export function createFaultPicker(options: FaultOptions): FaultPicker {
  return { ...createPicker(options), hangMs: options.hangMs ?? DEFAULT_HANG_MS };
}
