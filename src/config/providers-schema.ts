/**
 * `providers:` — every key is a provider name (what people type); the value is
 * that cloud's settings. The four cloud names imply their cloud; any other
 * name says which cloud it is with `cloud`.
 */
import { z } from 'zod';
import { CLOUD_ALIASES, CLOUD_NAMES, CLOUDS, isCloudName, type ProviderSettings } from './clouds.js';
import { describeIssues } from './describe-issues.js';

export const PROVIDER_NAME_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const MAX_PROVIDER_NAME = 32;

/** Words the command already gives a meaning to: they cannot name a provider. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'status',
  'help',
  'undo',
  ...CLOUD_ALIASES.keys(),
]);

/** Why a key cannot name a provider, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.length > MAX_PROVIDER_NAME)
    return `is ${name.length} characters long; a provider name has at most ${MAX_PROVIDER_NAME}`;
  if (!PROVIDER_NAME_RE.test(name)) {
    return 'is not a provider name: use lower-case letters, digits and "-" (starting with a letter or digit), e.g. huawei-dr';
  }
  if (RESERVED_WORDS.has(name)) {
    const cloud = CLOUD_ALIASES.get(name);
    return cloud
      ? `is another word for ${cloud} in commands and cannot name a provider; name it ${cloud} or e.g. ${cloud}-prod`
      : `is a word of the /stop command and cannot name a provider`;
  }
  return undefined;
}

const cloudList = CLOUD_NAMES.join(', ');

export const providersSchema = z
  .record(z.string(), z.unknown())
  .transform((raw, ctx): Record<string, ProviderSettings> => {
    const out: Record<string, ProviderSettings> = {};
    for (const [name, value] of Object.entries(raw)) {
      const problem = nameProblem(name);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: [name], message: problem });
        continue;
      }
      if (value === null || value === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: isCloudName(name)
            ? `is empty; write \`${name}: {}\` to take every default, or fill it in`
            : `is empty; give its cloud (${cloudList}) and settings`,
        });
        continue;
      }
      const given =
        value !== null && typeof value === 'object' ? (value as { cloud?: unknown }).cloud : undefined;
      let cloud: string;
      if (given === undefined) {
        if (!isCloudName(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name, 'cloud'],
            message: `is required: say which cloud ${name} is (${cloudList})`,
          });
          continue;
        }
        cloud = name;
      } else if (typeof given !== 'string' || !isCloudName(given)) {
        ctx.addIssue({
          code: 'custom',
          path: [name, 'cloud'],
          message: `"${String(given)}" is not a cloud; use one of ${cloudList}`,
        });
        continue;
      } else if (isCloudName(name) && given !== name) {
        ctx.addIssue({
          code: 'custom',
          path: [name, 'cloud'],
          message: `the name ${name} is that cloud's own; give this ${given} provider another name, e.g. ${given}-2`,
        });
        continue;
      } else cloud = given;
      const schema = CLOUDS[cloud as keyof typeof CLOUDS].schema;
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        // Described against the cloud's own schema, so unknown keys get their spelling hints.
        for (const problem of describeIssues(parsed.error, { schema, input: value, prefix: name })) {
          ctx.addIssue({ code: 'custom', path: problem.field.split('.'), message: problem.message });
        }
        continue;
      }
      out[name] = { ...parsed.data, cloud } as ProviderSettings;
    }
    return out;
  });
