import { z } from 'zod';

/**
 * The shapes stopbot accepts on /slack/events, checked before Bolt sees them,
 * so a malformed body gets a 400 instead of a crash or a 3-second 404.
 */
const commandSchema = z.looseObject({
  command: z.string().min(1).max(64),
  // Long enough for a full request (5,000 UUIDs is ~185 kB); the body itself is capped at 1 MB.
  text: z.string().max(1_000_000).default(''),
  user_id: z.string().min(1).max(64),
  channel_id: z.string().min(1).max(64),
  team_id: z.string().max(64).optional(),
  trigger_id: z.string().max(256).optional(),
  response_url: z.string().max(2000).optional(),
});

const actionSchema = z.looseObject({
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  selected_option: z.looseObject({ value: z.string().max(150) }).nullish(),
});

const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string().min(1).max(64) }),
  actions: z.array(actionSchema).min(1).max(25),
  container: z
    .looseObject({ message_ts: z.string().max(64).optional(), channel_id: z.string().max(64).optional() })
    .optional(),
  channel: z.looseObject({ id: z.string().max(64) }).optional(),
  response_url: z.string().max(2000).optional(),
});

const viewSchema = z.looseObject({
  id: z.string().min(1).max(64),
  callback_id: z.string().max(255),
  hash: z.string().max(128).optional(),
  private_metadata: z.string().max(3000).optional(),
  state: z.looseObject({ values: z.record(z.string().max(255), z.record(z.string().max(255), z.unknown())) }),
});

const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id: z.string().min(1).max(64) }),
  view: viewSchema,
});

const blockSuggestionSchema = z.looseObject({
  type: z.literal('block_suggestion'),
  user: z.looseObject({ id: z.string().min(1).max(64) }),
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255),
  value: z.string().max(2000),
  view: viewSchema.optional(),
});

/** Events API: only app_home_opened is subscribed; other event types are acknowledged and ignored. */
const eventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  event_id: z.string().min(1).max(128),
  team_id: z.string().max(64).optional(),
  event: z.looseObject({ type: z.string().min(1).max(64), user: z.string().max(64).optional() }),
});

const INTERACTIONS = {
  block_actions: blockActionsSchema,
  view_submission: viewSubmissionSchema,
  block_suggestion: blockSuggestionSchema,
} as const;

export type SlackBody =
  | { kind: 'command'; body: Record<string, unknown> }
  | { kind: 'interaction'; body: Record<string, unknown> }
  | { kind: 'event'; body: Record<string, unknown> }
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string };

export type ParsedBody = { ok: true; value: SlackBody } | { ok: false; status: number; message: string };

const bad = (message: string): ParsedBody => ({ ok: false, status: 400, message });

function parseForm(raw: string): ParsedBody {
  const form = Object.fromEntries(new URLSearchParams(raw));
  if (form.ssl_check === '1') return { ok: true, value: { kind: 'ssl_check' } };
  if (typeof form.payload === 'string') {
    let payload: unknown;
    try {
      payload = JSON.parse(form.payload);
    } catch {
      return bad('payload is not valid JSON');
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
      return bad('payload must be an object');
    const type = (payload as { type?: unknown }).type;
    const schema =
      typeof type === 'string' && Object.hasOwn(INTERACTIONS, type)
        ? INTERACTIONS[type as keyof typeof INTERACTIONS]
        : undefined;
    if (!schema) return bad(`interaction type ${JSON.stringify(type)} is not handled`);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return bad(`${type} payload is malformed`);
    return { ok: true, value: { kind: 'interaction', body: parsed.data } };
  }
  const parsed = commandSchema.safeParse(form);
  if (!parsed.success) return bad('not a slash command or interaction');
  return { ok: true, value: { kind: 'command', body: parsed.data } };
}

export function parseSlackBody(contentType: string | undefined, raw: string): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return parseForm(raw);
  if (type === 'application/json') {
    try {
      const body = JSON.parse(raw) as { type?: unknown; challenge?: unknown };
      if (body?.type === 'url_verification' && typeof body.challenge === 'string') {
        return { ok: true, value: { kind: 'url_verification', challenge: body.challenge.slice(0, 200) } };
      }
      const event = eventCallbackSchema.safeParse(body);
      if (event.success) return { ok: true, value: { kind: 'event', body: event.data } };
    } catch {
      return bad('body is not valid JSON');
    }
    return bad('not an Events API request this app handles');
  }
  return { ok: false, status: 415, message: 'unsupported content type' };
}
