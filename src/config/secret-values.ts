import type { Config } from './load-config.js';

/** Every secret value in a config, for the logger to mask wherever it appears. */
export function secretValues(config: Config): string[] {
  let redisPassword: string | undefined;
  try {
    redisPassword = config.redisUrl ? decodeURIComponent(new URL(config.redisUrl).password) : undefined;
  } catch {
    redisPassword = undefined;
  }
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    ...config.maskedSecrets,
    redisPassword,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
