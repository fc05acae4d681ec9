import { existsSync, readFileSync } from 'node:fs';

/** The parsed `<provider>-vectors.json` (signatures from the official SDKs), from the repo's own copy. */
export function readProviderVectors(provider: 'huawei' | 'alibaba' | 'zenlayer'): unknown {
  const file = new URL(`../fixtures/providers/${provider}-vectors.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The original beside the repo (`../shared`), when it is there; undefined otherwise. */
export function readSharedOriginal(relative: string): string | undefined {
  const file = new URL(`../../../shared/${relative}`, import.meta.url);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
