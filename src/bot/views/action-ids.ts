/** Stable action IDs (the contract's). */
export const ACTION_MODE = 'stop_mode';
export const ACTION_APPROVE = 'stop_approve';
export const ACTION_REJECT = 'stop_reject';
/** Start again: on a finished stop's summary and card; value = the stop request's ID. */
export const ACTION_UNDO = 'stop_undo';
export const ACTION_IDS = [ACTION_MODE, ACTION_APPROVE, ACTION_REJECT, ACTION_UNDO] as const;

/**
 * The actions block's block_id carries the request version the card shows:
 * Slack sends it back with a click, and an approval is accepted only for the
 * current version (the contract fixes the button's value as the request ID).
 */
export const actionsBlockId = (version: number) => `stop_actions.v${version}`;
export function versionOfBlockId(blockId: string | undefined): number | undefined {
  const m = /^stop_actions\.v(\d{1,15})$/.exec(blockId ?? '');
  return m ? Number(m[1]) : undefined;
}
