import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * test/data/hostile-commands.json, checked and expanded: repeat directives
 * become text, placeholders stay for the runner (they name live fixtures).
 */
const repeat = z.strictObject({
  prefix: z.string().default(''),
  /** `{i}` is the index, `{i12}` the index padded to 12 digits. */
  unit: z.string(),
  count: z.number().int().min(1).max(200_000),
  /** Repeated `count` times after the units (closing brackets). */
  tail: z.string().default(''),
  suffix: z.string().default(''),
});

const expectSchema = z.strictObject({
  status: z.number().int().default(200),
  ephemeralMatches: z.string().optional(),
  bodyMatches: z.string().optional(),
  card: z.boolean().default(false),
  cardContains: z.array(z.string()).default([]),
  cardExcludes: z.array(z.string()).default([]),
  preflight: z.boolean().default(false),
  pendingUntouched: z.boolean().default(false),
  /** A bare /stop answers with the stop form (views.open), not with text. */
  modal: z.boolean().default(false),
  /** Regexes no reply to the user may match (e.g. a signature a cloud echoed). */
  replyExcludes: z.array(z.string()).default([]),
});

/** How the fake cloud behaves during the case. */
const cloudSchema = z.strictObject({
  /** Every answer is an error echoing the request's headers, Authorization included. */
  echoHeaders: z.boolean().default(false),
});

const commandForm = z.strictObject({
  set: z.record(z.string(), z.string()).default({}),
  omit: z.array(z.string()).default([]),
});

const rawSchema = z.strictObject({
  method: z.enum(['GET', 'POST']).default('POST'),
  path: z.string().default('/slack/events'),
  contentType: z.string().nullable().default('application/x-www-form-urlencoded'),
  body: z.string().optional(),
  bodyRepeat: repeat.optional(),
  command: commandForm.optional(),
  payload: z.unknown().optional(),
  payloadRaw: z.string().optional(),
  payloadRepeat: repeat.optional(),
  signed: z.boolean().default(true),
  timestampOffsetSec: z.number().default(0),
  timestamp: z.string().optional(),
  signature: z.string().optional(),
  omitHeaders: z.array(z.string()).default([]),
  /** Whose response_url and ephemerals the case uses. */
  user: z.string().default('U0ALICE'),
});

const caseSchema = z
  .strictObject({
    name: z.string().min(1),
    text: z.string().optional(),
    textRepeat: repeat.optional(),
    user: z.string().default('U0BOB'),
    raw: rawSchema.optional(),
    cloud: cloudSchema.optional(),
    expect: expectSchema,
  })
  .refine((c) => [c.text, c.textRepeat, c.raw].filter((v) => v !== undefined).length === 1, {
    message: 'a case has exactly one of text, textRepeat or raw',
  });

export type HostileCase = z.infer<typeof caseSchema>;
export type RawCase = z.infer<typeof rawSchema>;
export type Expectation = z.infer<typeof expectSchema>;

export function expandRepeat(r: z.infer<typeof repeat>): string {
  const parts: string[] = [r.prefix];
  for (let i = 0; i < r.count; i++) {
    parts.push(r.unit.replaceAll('{i12}', String(i).padStart(12, '0')).replaceAll('{i}', String(i)));
  }
  parts.push(r.tail.repeat(r.count), r.suffix);
  return parts.join('');
}

/** The command text of a command case (undefined for raw cases). */
export function commandText(c: HostileCase): string | undefined {
  if (c.textRepeat) return expandRepeat(c.textRepeat);
  return c.text;
}

export function loadCorpus(path: URL): HostileCase[] {
  const file = z
    .object({ about: z.string(), cases: z.array(z.unknown()) })
    .parse(JSON.parse(readFileSync(path, 'utf8')));
  return file.cases.map((c, i) => {
    const parsed = caseSchema.safeParse(c);
    if (!parsed.success) throw new Error(`case ${i}: ${parsed.error.message}`);
    return parsed.data;
  });
}

/** Fixture names a case refers to through {{name.field}} placeholders. */
export function fixturesNamed(c: HostileCase): string[] {
  const found = new Set<string>();
  for (const m of JSON.stringify(c).matchAll(/\{\{(\w+)\.(?:id|ts)\}\}/g)) if (m[1]) found.add(m[1]);
  return [...found];
}

/** Replace {{name.field}}, {{xN}} (N times "x") and {{responseUrl}} in every string of a value. */
export function fillPlaceholders<T>(value: T, lookup: (key: string) => string): T {
  const fill = (s: string) =>
    s.replace(/\{\{([\w.]+)\}\}/g, (_m, key: string) => {
      const many = /^x(\d+)$/.exec(key);
      return many ? 'x'.repeat(Number(many[1])) : lookup(key);
    });
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fill(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
