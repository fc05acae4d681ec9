/** Stable action IDs (the contract's). */
export const ACTION_MODE = 'stop_mode';
export const ACTION_APPROVE = 'stop_approve';
export const ACTION_REJECT = 'stop_reject';
/** The stop form's provider select (it redraws the form). */
export const ACTION_PROVIDER = 'stop_provider';
/** Start again: on a finished stop's summary and card; value = the stop request's ID. */
export const ACTION_UNDO = 'stop_undo';
export const ACTION_IDS = [ACTION_MODE, ACTION_APPROVE, ACTION_REJECT, ACTION_PROVIDER, ACTION_UNDO] as const;

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

/** In the App Home several requests share one view: their block_ids name the request too. */
export const homeActionsBlockId = (id: string, version: number) => `stop_home.${id}.v${version}`;
export function versionOfHomeBlockId(blockId: string | undefined): number | undefined {
  const m = /^stop_home\.SR-[0-9A-Z]{10}\.v(\d{1,15})$/.exec(blockId ?? '');
  return m ? Number(m[1]) : undefined;
}
