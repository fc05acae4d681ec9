/** The modal's stable IDs (the contract's callback and action IDs; block IDs key its errors). */
export const MODAL_CALLBACK = 'stop_modal';
export { ACTION_PROVIDER } from '../views/action-ids.js';
export const ACTION_TARGETS = 'stop_targets';
export const ACTION_TAGS = 'stop_tags';
export const ACTION_MODAL_MODE = 'stop_mode';
export const ACTION_REASON = 'stop_reason';

export const BLOCK = {
  provider: 'provider',
  targets: 'targets',
  tags: 'tags',
  mode: 'mode',
  reason: 'reason',
} as const;
