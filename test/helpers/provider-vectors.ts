import { readFileSync } from 'node:fs';

/** The parsed `<provider>-vectors.json` from the shared provider specs (signatures from the official SDKs). */
export function readProviderVectors(provider: 'huawei' | 'alibaba' | 'zenlayer'): unknown {
  const file = new URL(`../../../shared/providers/${provider}-vectors.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8'));
}
