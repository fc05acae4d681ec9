import type { FaultPicker as Picker, RandomFaultOptions } from '../shared/random-faults.js';

export { createFaultPicker } from '../shared/random-faults.js';

/** The faults the fake SAE can deal; 'throttle' is the gateway's Throttling.User answer. */
export type FaultKind = '500' | 'throttle' | 'timeout' | 'reset' | 'html';
export type FaultOptions = RandomFaultOptions<FaultKind>;
export type FaultPicker = Picker<FaultKind>;
