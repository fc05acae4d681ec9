import { describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/errors.js';
import { parseTags } from '../../src/providers/huawei/wire.js';
import { matchesTags, tagCollector, tagsUnsupported, valuedFilter } from '../../src/providers/tags.js';

describe('tag matching shared by the providers', () => {
  it('matches every filter exactly: key=value, or the key with any value', () => {
    const tags = { env: 'staging', team: 'payments', empty: '' };
    expect(matchesTags(tags, [{ key: 'env', value: 'staging' }])).toBe(true);
    expect(matchesTags(tags, [{ key: 'env', value: 'Staging' }])).toBe(false);
    expect(matchesTags(tags, [{ key: 'env', value: 'stag' }])).toBe(false);
    expect(matchesTags(tags, [{ key: 'empty' }])).toBe(true);
    expect(matchesTags(tags, [{ key: 'empty', value: '' }])).toBe(true);
    expect(matchesTags(tags, [{ key: 'env' }, { key: 'owner' }])).toBe(false);
    expect(matchesTags(undefined, [{ key: 'env' }])).toBe(false);
    // Keys are own properties only: no prototype keys match.
    expect(matchesTags(tags, [{ key: 'constructor' }])).toBe(false);
    expect(matchesTags(tags, [{ key: '__proto__' }])).toBe(false);
  });

  it('asks the cloud for the first tag with a value', () => {
    expect(valuedFilter([{ key: 'env' }, { key: 'team', value: 'x' }])).toEqual({ key: 'team', value: 'x' });
    expect(valuedFilter([{ key: 'env' }])).toBeUndefined();
  });

  it('stops collecting past the cap and refuses an empty filter list', () => {
    const c = tagCollector('huawei', [{ key: 'env' }], 2);
    const m = (id: string) => ({ id, name: id, status: 'ACTIVE', stopped: false, tags: { env: 'x' } });
    expect(c.add([m('a'), m('b')])).toBe(true);
    expect(c.add([m('b'), m('c')])).toBe(false);
    expect(c.result(false)).toMatchObject({ total: 3, exact: false });
    const err = (() => {
      try {
        tagCollector('zenlayer', [], 5);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isProviderError(err) && err.providerCode).toBe('TagsEmpty');
  });

  it('names the cloud when it has no tags', () => {
    const err = tagsUnsupported('legacy-cloud');
    expect(err.providerCode).toBe('TagsUnsupported');
    expect(err.provider).toBe('legacy-cloud');
    expect(err.message).toContain('legacy-cloud');
    expect(err.retryable).toBe(false);
  });

  it('reads Huawei "key=value" tags, splitting on the first =', () => {
    expect(Object.keys(parseTags(['__proto__=x']))).toEqual(['__proto__']);
    expect(parseTags(['env=prod', 'url=a=b', 'flag', 'k='])).toEqual({
      env: 'prod',
      url: 'a=b',
      flag: '',
      k: '',
    });
  });
});
