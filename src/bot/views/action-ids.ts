/** Stable action IDs (the contract's). */
export const ACTION_MODE = 'stop_mode';
export const ACTION_APPROVE = 'stop_approve';
export const ACTION_REJECT = 'stop_reject';
export const ACTION_IDS = [ACTION_MODE, ACTION_APPROVE, ACTION_REJECT] as const;
