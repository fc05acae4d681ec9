import type { CloudName, ProviderName } from '../domain/types.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { CLOUDS, type CredentialField, type ProviderSettings } from './clouds.js';

/** One provider's credential values by field (ak, sk, securityToken…). Secrets: never logged. */
export type Credentials = Readonly<Record<string, string>>;

export interface ProviderSecrets {
  byProvider: Readonly<Record<ProviderName, Credentials>>;
  /** Every value that must never appear in a log line. */
  masked: readonly string[];
}

const fieldsOf = (cloud: CloudName): Readonly<Record<string, CredentialField>> => CLOUDS[cloud].credentials;

/**
 * Read each provider's credentials from the environment, by the variable names
 * its `credentials` mapping gives (the vendor's names by default). A variable
 * that is named but unset stops startup, naming the provider and the variable
 * (every such problem at once).
 * A provider that maps its own keys reads a token only from a variable it names
 * too, so a token never pairs with another account's keys.
 */
export function readCredentials(
  env: Readonly<Record<string, string>>,
  providers: Readonly<Record<ProviderName, ProviderSettings>>,
): ProviderSecrets {
  const byProvider: Record<ProviderName, Credentials> = {};
  const masked: string[] = [];
  const problems: ConfigProblem[] = [];
  for (const [name, settings] of Object.entries(providers)) {
    const fields = fieldsOf(settings.cloud);
    const mapping: Readonly<Record<string, string | undefined>> =
      ('credentials' in settings ? settings.credentials : undefined) ?? {};
    const ownKeys = Object.entries(fields).some(
      ([f, def]) => (def.required || def.pairPart) && mapping[f] !== undefined,
    );
    const values: Record<string, string> = {};
    for (const [field, def] of Object.entries(fields)) {
      const mapped = mapping[field];
      const variable = mapped ?? def.env;
      if (!mapped && !def.required && ownKeys) continue;
      const value = env[variable];
      if (value === undefined) {
        if (mapped) {
          problems.push({
            field: `providers.${name}.credentials.${field}`,
            message: `names the environment variable ${variable}, which is not set; set it, or name the variable that holds ${name}'s ${field}`,
          });
        } else if (def.required) {
          problems.push({ field: variable, message: `is required because providers.${name} is configured` });
        }
        continue;
      }
      values[field] = value;
      if (def.secret) masked.push(value);
    }
    const pair = Object.entries(fields).filter(([, def]) => def.pairPart);
    const given = pair.filter(([f]) => values[f] !== undefined);
    if (given.length > 0 && given.length < pair.length) {
      for (const [f, def] of pair.filter(([f]) => values[f] === undefined)) {
        problems.push({
          field: mapping[f] ?? def.env,
          message: `is required with ${given.map(([g, d]) => mapping[g] ?? d.env).join(', ')} (providers.${name}); set both, or neither to use the default credential chain`,
        });
      }
    }
    byProvider[name] = values;
  }
  const error = ConfigError.of(problems);
  if (error) throw error;
  return { byProvider, masked };
}

/** The environment variables each provider's credentials come from (names only), for messages and logs. */
export function credentialEnvNames(
  providers: Readonly<Record<ProviderName, ProviderSettings>>,
): Record<ProviderName, string[]> {
  const names: Record<ProviderName, string[]> = {};
  for (const [name, settings] of Object.entries(providers)) {
    const mapping: Readonly<Record<string, string | undefined>> =
      ('credentials' in settings ? settings.credentials : undefined) ?? {};
    names[name] = Object.entries(fieldsOf(settings.cloud))
      .filter(([field, def]) => def.required || mapping[field] !== undefined)
      .map(([field, def]) => mapping[field] ?? def.env);
  }
  return names;
}
