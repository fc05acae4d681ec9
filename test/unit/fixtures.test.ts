import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSharedOriginal } from '../helpers/provider-vectors.js';

const COPIES = [
  'providers/huawei-vectors.json',
  'providers/alibaba-vectors.json',
  'providers/zenlayer-vectors.json',
  'slack-manifest-schema/manifest.schema.1.0.0.json',
  'slack-manifest-schema/LICENSE',
] as const;

const copy = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('fixtures copied into the repo', () => {
  it.each(COPIES)(
    '%s is in test/fixtures, and equals the original when ../shared is beside the repo',
    (name) => {
      const text = copy(name);
      if (name.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
      else expect(text).toMatch(/MIT License/);
      const original = readSharedOriginal(name);
      if (original !== undefined) expect(text).toBe(original);
    },
  );

  it('says where each copy comes from and under which licence', () => {
    const readme = copy('README.md');
    for (const name of COPIES.filter((n) => n.endsWith('.json')))
      expect(readme).toContain(name.split('/')[1]);
    expect(readme).toMatch(/MIT/);
  });
});
