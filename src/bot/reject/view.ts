import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { StopRequest } from '../../approvals/types.js';
import { escapeText, plural, providerLabel } from '../views/text.js';

/** The Reject dialog's stable IDs. */
export const REJECT_CALLBACK = 'stop_reject_modal';
export const REJECT_BLOCK = 'reject_reason';
export const ACTION_REJECT_REASON = 'stop_reject_reason';
export const REJECT_REASON_MAX = 500;

/**
 * Where the Reject click came from, carried in `private_metadata`. It comes back
 * from Slack as plain text and is treated as hostile input: shape-checked here,
 * then tied to the request card exactly like a click before anything changes.
 */
const metadataSchema = z.strictObject({
  request: z.string().regex(/^SR-[0-9A-Z]{10}$/),
  channel: z
    .string()
    .regex(/^[CGD][A-Z0-9]{2,20}$/)
    .optional(),
  ts: z
    .string()
    .regex(/^\d{1,12}\.\d{1,8}$/)
    .optional(),
  home: z.boolean().optional(),
  version: z.number().int().nonnegative().optional(),
});
export type RejectMetadata = z.infer<typeof metadataSchema>;

export function readRejectMetadata(raw: unknown): RejectMetadata | undefined {
  if (typeof raw !== 'string' || raw.length > 300) return undefined;
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The small dialog a Reject click opens: an optional reason, then Reject. */
export function rejectModalView(request: StopRequest, meta: RejectMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: REJECT_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Reject stop request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Reject *${request.id}*: <@${request.requester}> asks to stop ${plural(request.targets.length, 'machine')} on *${escapeText(providerLabel(request.provider))}*. Nothing will be stopped.`,
        },
      },
      {
        type: 'input',
        block_id: REJECT_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Reason (optional)' },
        element: {
          type: 'plain_text_input',
          action_id: ACTION_REJECT_REASON,
          max_length: REJECT_REASON_MAX,
          placeholder: { type: 'plain_text', text: 'Shown on the card and in the incident channel' },
        },
      },
    ],
  };
}

/** The reason typed into the dialog, trimmed; empty = none. */
export function rejectReasonOf(values: unknown): string | undefined {
  const block = (values as Record<string, Record<string, { value?: unknown }>> | undefined)?.[REJECT_BLOCK];
  const value = block?.[ACTION_REJECT_REASON]?.value;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().slice(0, REJECT_REASON_MAX);
  return trimmed === '' ? undefined : trimmed;
}
