import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, USAGE } from '../../src/bot/parse.js';
import { MAX_TAG_KEY, MAX_TAG_VALUE, MAX_TAGS, parseTagLines } from '../../src/bot/tag-grammar.js';
import { echoText } from '../../src/bot/views/text.js';
import { cleanReplyProblems } from '../helpers/reply-checks.js';

const opts = { maxTargets: 5000 };
const ok = (text: string) => {
  const r = parseCommand(text, opts);
  if (!r.ok) throw new Error(`expected ok for ${JSON.stringify(text)}: ${r.error}`);
  if (r.command.kind !== 'stop') throw new Error('expected a stop');
  return r.command;
};
const err = (text: string) => {
  const r = parseCommand(text, opts);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.error;
};

describe('--tag grammar', () => {
  it('reads key=value, key alone, several (AND), alone or with targets', () => {
    expect(ok('huawei --tag team=payments')).toMatchObject({
      targets: [],
      tags: [{ key: 'team', value: 'payments' }],
    });
    expect(ok('huawei --tag env')).toMatchObject({ tags: [{ key: 'env' }] });
    expect(ok('huawei --tag env')).toEqual(expect.objectContaining({ tags: [{ key: 'env' }] }));
    expect(ok('aws srv-1 --tag env=staging --tag team=payments srv-2 --hard')).toMatchObject({
      targets: ['srv-1', 'srv-2'],
      tags: [
        { key: 'env', value: 'staging' },
        { key: 'team', value: 'payments' },
      ],
      mode: 'HARD',
    });
    expect(ok('huawei --tag=env=prod')).toMatchObject({ tags: [{ key: 'env', value: 'prod' }] });
    expect(ok('huawei --tag env=a --tag env=a')).toMatchObject({ tags: [{ key: 'env', value: 'a' }] });
  });

  it('reads quoted values with spaces, and = inside a value', () => {
    expect(ok('huawei --tag "team=payments east"')).toMatchObject({
      tags: [{ key: 'team', value: 'payments east' }],
    });
    expect(ok('huawei --tag team="payments east" --reason "x y"')).toMatchObject({
      tags: [{ key: 'team', value: 'payments east' }],
      reason: 'x y',
    });
    expect(ok("huawei --tag 'cost center=a=b=c'")).toMatchObject({
      tags: [{ key: 'cost center', value: 'a=b=c' }],
    });
    expect(ok('huawei --tag query=a=1')).toMatchObject({ tags: [{ key: 'query', value: 'a=1' }] });
    expect(ok('huawei --tag 環境=本番')).toMatchObject({ tags: [{ key: '環境', value: '本番' }] });
  });

  it('refuses what it cannot select by, saying why', () => {
    expect(err('huawei --tag =prod')).toMatch(/needs a key/);
    expect(err('huawei --tag "=prod"')).toMatch(/needs a key/);
    expect(err('huawei --tag')).toMatch(/needs a tag after it/);
    expect(err('huawei --tag --hard')).toMatch(/needs a tag after it/);
    expect(err('huawei --tag env=')).toMatch(/has no value/);
    expect(err('huawei --tag env=a --tag env=b')).toMatch(/twice with different values/);
    expect(err('huawei --tag team="unclosed')).toMatch(/quote is not closed/);
    expect(err('huawei --tag env=$(reboot)')).toMatch(/characters tags cannot hold/);
    expect(err('huawei --tag <!channel>=x')).toMatch(/characters tags cannot hold/);
    expect(err('huawei --tag a\u200bb=x')).toMatch(/characters tags cannot hold/);
    expect(err(`huawei --tag ${'k'.repeat(MAX_TAG_KEY + 1)}`)).toMatch(/longer than 128/);
    expect(err(`huawei --tag k=${'v'.repeat(MAX_TAG_VALUE + 1)}`)).toMatch(/longer than 256/);
    expect(err('huawei')).toMatch(/--tag key=value/);
  });

  it('refuses 10,000 --tag cheaply, at the first one over the cap', () => {
    const text = `huawei ${Array.from({ length: 10_000 }, (_, i) => `--tag k${i}=v`).join(' ')}`;
    expect(err(text)).toBe(`give at most ${MAX_TAGS} tags`);
    // Nothing past the cap is read: a broken tag after it is never reached.
    const broken = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `--tag k${i}=v`).join(' ');
    expect(err(`huawei ${broken} --tag env=$(reboot)`)).toBe(`give at most ${MAX_TAGS} tags`);
    const most = Array.from({ length: MAX_TAGS }, (_, i) => `--tag k${i}=v`).join(' ');
    expect(ok(`huawei ${most}`).tags).toHaveLength(MAX_TAGS);
  });

  it('round-trips generated tag selections (property)', () => {
    const key = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.:/+@-]{0,19}$/);
    const value = fc.stringMatching(/^[a-zA-Z0-9_.:/+@=-][a-zA-Z0-9 _.:/+@=-]{0,20}[a-zA-Z0-9_.:/+@=-]$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, fc.option(value, { nil: undefined })), {
          minLength: 1,
          maxLength: MAX_TAGS,
          selector: ([k]) => k,
        }),
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/), { maxLength: 5 }),
        (tags, targets) => {
          const words = tags.map(([k, v]) => (v === undefined ? `--tag ${k}` : `--tag "${k}=${v}"`));
          const cmd = ok(`sandbox ${targets.join(',')} ${words.join(' ')}`);
          expect(cmd.targets).toEqual(targets);
          expect(cmd.tags).toEqual(
            tags.map(([k, v]) => (v === undefined ? { key: k } : { key: k, value: v })),
          );
        },
      ),
    );
  });

  it('never throws on hostile tags, and every error is clean mrkdwn (property)', () => {
    const hostile = fc.constantFrom(
      '<!channel>',
      '`',
      '*',
      '\u0000',
      '\u202e',
      '"',
      "'",
      '=',
      '&amp;',
      '$(id)',
      '; rm -rf /',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostile, fc.string({ maxLength: 12, unit: 'binary' })), { maxLength: 6 }),
        (parts) => {
          const r = parseCommand(`huawei --tag ${parts.join('')} --tag ${parts.join('=')}`, opts);
          if (r.ok && r.command.kind === 'stop') {
            for (const t of r.command.tags) {
              expect(t.key).toMatch(/^[\p{L}\p{N} _.:/+@-]+$/u);
              if (t.value !== undefined) expect(t.value).toMatch(/^[\p{L}\p{N} _.:/+@=-]+$/u);
            }
          } else if (!r.ok) expect(cleanReplyProblems(`${echoText(r.error)}.\n\n${USAGE}`)).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the modal tags field', () => {
  it('reads one tag a line, blank lines ignored, with the same rules', () => {
    expect(parseTagLines('env=staging\n\n team=payments east \r\nowner')).toEqual({
      ok: true,
      tags: [{ key: 'env', value: 'staging' }, { key: 'team', value: 'payments east' }, { key: 'owner' }],
    });
    expect(parseTagLines('')).toEqual({ ok: true, tags: [] });
    expect(parseTagLines('=x')).toMatchObject({ ok: false });
    expect(parseTagLines(Array.from({ length: 10_000 }, (_, i) => `k${i}=v`).join('\n'))).toEqual({
      ok: false,
      error: `give at most ${MAX_TAGS} tags`,
    });
  });
});
