import { z } from 'zod';

/**
 * What the modal carries in `private_metadata`: the channel it was opened
 * from. It comes back from Slack as plain text and is treated as hostile
 * input: shape-checked here, and the channel is checked by the same policy as
 * a command before anything is requested in it.
 */
const metadataSchema = z.strictObject({
  channel: z.string().regex(/^[CGD][A-Z0-9]{2,20}$/),
});

export type ModalMetadata = z.infer<typeof metadataSchema>;

export const writeMetadata = (meta: ModalMetadata): string => JSON.stringify(meta);

export function readMetadata(raw: unknown): ModalMetadata | undefined {
  if (typeof raw !== 'string' || raw.length > 200) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = metadataSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
