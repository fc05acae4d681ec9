import { z } from 'zod';
import type { ProviderName, StopMode, TagFilter } from '../../domain/types.js';
import { MAX_REASON_LENGTH } from '../parse.js';
import { parseTagLines } from '../tag-grammar.js';
import {
  ACTION_MODAL_MODE,
  ACTION_PROVIDER,
  ACTION_REASON,
  ACTION_TAGS,
  ACTION_TARGETS,
  BLOCK,
} from './ids.js';

/** The modal's inputs as the bot reads them: every value from Slack is shape-checked. */
export interface StopForm {
  provider: string;
  targets: string[];
  tags: TagFilter[];
  mode?: StopMode;
  reason: string;
}

export type FormErrors = Partial<Record<(typeof BLOCK)[keyof typeof BLOCK], string>>;

const selected = z.looseObject({ value: z.string().min(1).max(150) });
const text = z.string().max(3000).nullish();
const valuesSchema = z.looseObject({
  [BLOCK.provider]: z.looseObject({
    [ACTION_PROVIDER]: z.looseObject({ selected_option: selected.nullish() }),
  }),
  [BLOCK.targets]: z
    .looseObject({
      [ACTION_TARGETS]: z.looseObject({ selected_options: z.array(selected).max(5000).nullish() }),
    })
    .optional(),
  [BLOCK.tags]: z.looseObject({ [ACTION_TAGS]: z.looseObject({ value: text }) }).optional(),
  [BLOCK.mode]: z
    .looseObject({ [ACTION_MODAL_MODE]: z.looseObject({ selected_option: selected.nullish() }) })
    .optional(),
  [BLOCK.reason]: z.looseObject({ [ACTION_REASON]: z.looseObject({ value: text }) }).optional(),
});

/** The provider chosen in a view's state (also read by type-ahead), if any. */
export function chosenProvider(values: unknown): string | undefined {
  const parsed = valuesSchema.safeParse(values);
  return parsed.success ? parsed.data[BLOCK.provider][ACTION_PROVIDER].selected_option?.value : undefined;
}

/** Read and check the submitted state: the form, or errors keyed by block. */
export function readStopForm(
  values: unknown,
): { ok: true; form: StopForm } | { ok: false; errors: FormErrors } {
  const parsed = valuesSchema.safeParse(values);
  if (!parsed.success)
    return {
      ok: false,
      errors: { [BLOCK.provider]: 'This form could not be read; close it and run /stop again.' },
    };
  const v = parsed.data;
  const errors: FormErrors = {};
  const provider = v[BLOCK.provider][ACTION_PROVIDER].selected_option?.value;
  if (!provider) errors.provider = 'Choose a provider.';
  const targets = [
    ...new Set((v[BLOCK.targets]?.[ACTION_TARGETS].selected_options ?? []).map((o) => o.value)),
  ];
  const tags = parseTagLines(v[BLOCK.tags]?.[ACTION_TAGS].value ?? '');
  if (!tags.ok) errors.tags = tags.error;
  const rawMode = v[BLOCK.mode]?.[ACTION_MODAL_MODE].selected_option?.value;
  let mode: StopMode | undefined;
  if (rawMode === 'SOFT' || rawMode === 'HARD') mode = rawMode;
  else if (rawMode !== undefined) errors.mode = 'Choose SOFT or HARD.';
  const reason = (v[BLOCK.reason]?.[ACTION_REASON].value ?? '')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (reason.length > MAX_REASON_LENGTH)
    errors.reason = `Keep the reason under ${MAX_REASON_LENGTH} characters.`;
  if (tags.ok && targets.length === 0 && tags.tags.length === 0)
    errors.targets = 'Choose at least one machine, or give tags.';
  if (Object.keys(errors).length > 0 || !provider || !tags.ok) return { ok: false, errors };
  return { ok: true, form: { provider, targets, tags: tags.tags, mode, reason } };
}

/** A configured provider's name, or undefined (own keys only: "__proto__" is no provider). */
export function knownProvider(
  name: string,
  configured: ReadonlyMap<ProviderName, unknown>,
): ProviderName | undefined {
  return configured.has(name as ProviderName) ? (name as ProviderName) : undefined;
}
