/** Stable action IDs (the contract's). */
export const ACTION_MODE = 'stop_mode';
export const ACTION_APPROVE = 'stop_approve';
export const ACTION_REJECT = 'stop_reject';
/** The stop form's provider select (it redraws the form). */
export const ACTION_PROVIDER = 'stop_provider';
export const ACTION_IDS = [ACTION_MODE, ACTION_APPROVE, ACTION_REJECT, ACTION_PROVIDER] as const;
