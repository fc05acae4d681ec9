import type { z } from 'zod';
import type { ConfigProblem } from '../errors.js';
import { allKeyPaths, knownKeysAt } from './schema-walk.js';
import { closestWord } from './spelling.js';

/**
 * Turns every issue zod found into a problem a person can fix: the dotted path
 * of the field, and what to write instead. Works for any schema, so new
 * sections get the same unknown-key hints and plain words for free.
 */
export function describeIssues(
  error: z.ZodError,
  context: { schema: z.ZodType; input: unknown; prefix?: string },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          field: fieldName(context.prefix, [...issue.path, key]),
          message: unknownKey(context.schema, issue.path, key),
        });
      }
      continue;
    }
    problems.push({
      field: fieldName(context.prefix, issue.path),
      message: plainWords(issue, context.input),
    });
  }
  return problems;
}

function fieldName(prefix: string | undefined, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter(Boolean).join('.') || prefix || '(top level)';
}

const quote = (key: string) => `\`${key}\``;

function unknownKey(schema: z.ZodType, path: readonly PropertyKey[], key: string): string {
  const known = knownKeysAt(schema, path);
  const near = closestWord(key, known);
  if (near) return `is not a known key; did you mean ${quote(near)}?`;
  const elsewhere = allKeyPaths(schema).find((p) => p.length !== path.length + 1 && p.at(-1) === key);
  if (elsewhere)
    return `is not a known key here; ${quote(key)} belongs under ${quote(elsewhere.slice(0, -1).join('.'))}`;
  return known.length > 0
    ? `is not a known key; the keys here are ${known.map(quote).join(', ')}`
    : 'is not a known key';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

const KIND: Record<string, string> = {
  object: 'a mapping (key: value lines)',
  array: 'a list such as [a, b]',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

function kindOf(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** zod's own wording starts with these; a message written in the schema is kept as it is. */
const GENERIC = /^(Invalid input|Invalid option|Too small|Too big|Invalid string|Invalid)/;

function plainWords(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  const key = String(issue.path.at(-1) ?? '');
  if (!GENERIC.test(issue.message)) return issue.message;
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is required';
    if (value === null && issue.expected === 'object') {
      return `is empty; write \`${key}: {}\` to take every default, or fill it in`;
    }
    if (value === null) return 'is empty; give it a value or leave the key out';
    return `must be ${KIND[issue.expected] ?? issue.expected} (found ${kindOf(value)})`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
    const side = issue.code === 'too_small' ? 'at least' : 'at most';
    if (issue.origin === 'array') return `must list ${side} ${String(bound)}`;
    if (issue.origin === 'string') return `must be ${side} ${String(bound)} characters`;
    return `must be ${side} ${String(bound)}`;
  }
  return 'is not valid here';
}
