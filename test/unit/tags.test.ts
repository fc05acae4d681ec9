import { describe, expect, it } from 'vitest';
import { parseTag, parseTagLines } from '../../src/bot/stop/tags.js';

describe('tag selectors from the stop form', () => {
  it('reads key=value and key alone, one per line, dropping blanks and duplicates', () => {
    expect(parseTagLines('env=staging\n\n  team = web  \nenv=staging\nowner\r\n')).toEqual({
      ok: true,
      tags: [{ key: 'env', value: 'staging' }, { key: 'team', value: 'web' }, { key: 'owner' }],
    });
    expect(parseTagLines('')).toEqual({ ok: true, tags: [] });
    expect(parseTag('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
  });

  it('refuses what cannot be a tag, in plain words', () => {
    expect(parseTag('=web')).toMatch(/no tag key/);
    expect(parseTag('env=')).toMatch(/empty value/);
    expect(parseTag(`${'k'.repeat(129)}=v`)).toMatch(/longer than 128/);
    expect(parseTag(`k=${'v'.repeat(256)}`)).toMatch(/longer than 255/);
    expect(parseTag('env=a\u0007b')).toMatch(/control characters/);
    const many = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('\n');
    expect(parseTagLines(many)).toEqual({ ok: false, error: 'at most 10 tags, one per line' });
  });
});
