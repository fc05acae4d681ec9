import type { Machine, ProviderName } from '../../domain/types.js';
import { describeError } from '../../errors.js';
import type { BotDeps } from '../deps.js';
import { clip } from '../views/text.js';

/** Slack allows 100 options; it waits 3 s for them. */
export const MAX_OPTIONS = 100;
const ANSWER_WITHIN_MS = 2_500;
const CACHE_TTL_MS = 10_000;
const CACHE_ENTRIES = 500;
const MAX_PREFIX = 100;

type Option = { text: { type: 'plain_text'; text: string }; value: string };

const toOption = (m: Machine): Option => ({
  text: { type: 'plain_text', text: clip(`${m.name} (${m.id}) · ${m.status}`, 75) },
  value: m.id,
});

/**
 * Type-ahead options from the provider: one list call per provider and prefix,
 * answered from a short, bounded cache; a slow or failing cloud answers with
 * no options (never an error to Slack, never a 3-second timeout).
 */
export function createSuggester(deps: Pick<BotDeps, 'providers' | 'clock' | 'logger'>) {
  const cache = new Map<string, { at: number; options: Option[] }>();
  const remember = (key: string, options: Option[]) => {
    cache.delete(key);
    cache.set(key, { at: deps.clock.now(), options });
    while (cache.size > CACHE_ENTRIES) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  };
  return async function suggest(provider: ProviderName, rawPrefix: string): Promise<Option[]> {
    const source = deps.providers.get(provider);
    if (!source) return [];
    const prefix = rawPrefix.trim().slice(0, MAX_PREFIX);
    const key = `${provider}\u0000${prefix}`;
    const hit = cache.get(key);
    if (hit && deps.clock.now() - hit.at < CACHE_TTL_MS) return hit.options;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS);
    });
    try {
      const machines = await Promise.race([source.suggest(prefix, MAX_OPTIONS), late]);
      if (!machines) {
        deps.logger.warn({ provider }, 'type-ahead: the cloud did not answer in time');
        return [];
      }
      // Option values are at most 75 characters: a longer ID cannot be offered.
      const options = machines
        .filter((m) => m.id.length <= 75)
        .slice(0, MAX_OPTIONS)
        .map(toOption);
      remember(key, options);
      return options;
    } catch (err) {
      deps.logger.warn({ provider, err: describeError(err) }, 'type-ahead: the cloud refused');
      return [];
    } finally {
      clearTimeout(timer);
    }
  };
}
