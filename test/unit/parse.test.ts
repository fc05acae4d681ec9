import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVIDER_ALIASES, parseCommand, USAGE } from '../../src/bot/parse.js';
import { echoText } from '../../src/bot/views/text.js';
import { cleanReplyProblems } from '../helpers/reply-checks.js';

const opts = { maxTargets: 5000 };
const ok = (text: string) => {
  const r = parseCommand(text, opts);
  if (!r.ok) throw new Error(`expected ok for ${JSON.stringify(text)}: ${r.error}`);
  return r.command;
};
const err = (text: string, o = opts) => {
  const r = parseCommand(text, o);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.error;
};

describe('parseCommand', () => {
  it('parses the example from the contract', () => {
    expect(ok('huawei srv-1,srv-2 --reason "cpu miner found"')).toEqual({
      kind: 'stop',
      provider: 'huawei',
      targets: ['srv-1', 'srv-2'],
      tags: [],
      mode: undefined,
      reason: 'cpu miner found',
    });
  });

  it('knows every alias', () => {
    for (const [alias, name] of [
      ['ecs', 'huawei'],
      ['huaweicloud', 'huawei'],
      ['SAE', 'alibaba'],
      ['aliyun', 'alibaba'],
      ['bmc', 'zenlayer'],
      ['sandbox', 'sandbox'],
    ]) {
      expect(ok(`${alias} a`)).toMatchObject({ provider: name });
    }
  });

  it('splits on commas and spaces and drops duplicates', () => {
    expect(ok('zenlayer a, b,,c a  b')).toMatchObject({ targets: ['a', 'b', 'c'] });
  });

  it('reads --hard, --soft, --reason=… and unquoted reasons', () => {
    expect(ok('huawei a --hard')).toMatchObject({ mode: 'HARD' });
    expect(ok('huawei --soft a')).toMatchObject({ mode: 'SOFT', targets: ['a'] });
    expect(ok('huawei a --reason=miner')).toMatchObject({ reason: 'miner' });
    expect(ok('huawei a --reason disk full now --hard')).toMatchObject({
      reason: 'disk full now',
      mode: 'HARD',
    });
    expect(ok('huawei a --reason “smart quotes”')).toMatchObject({ reason: 'smart quotes' });
  });

  it('unwraps links Slack made of host-like names', () => {
    expect(ok('zenlayer <http://web-1.example.com|web-1.example.com>')).toMatchObject({
      targets: ['web-1.example.com'],
    });
  });

  it('parses status and help', () => {
    expect(ok('status SR-0123456789')).toEqual({ kind: 'status', requestId: 'SR-0123456789' });
    expect(ok('help')).toEqual({ kind: 'help' });
  });

  it('refuses what it cannot act on, saying why', () => {
    expect(err('')).toMatch(/what to stop/);
    expect(err('gcp vm-1')).toMatch(/not a provider/);
    expect(err('huawei')).toMatch(/at least one machine/);
    expect(err('huawei ,,,')).toMatch(/at least one machine/);
    expect(err('huawei a --soft --hard')).toMatch(/not both/);
    expect(err('huawei a --reason x --reason y')).toMatch(/only once/);
    expect(err('huawei a --force')).toMatch(/don't know the option/);
    expect(err('huawei a --reason "unclosed')).toMatch(/quote/);
    expect(err('huawei a;rm')).toMatch(/not a machine ID or name/);
    expect(err('status nope')).toMatch(/not a request ID/);
    expect(err('huawei a,b,c', { maxTargets: 2 })).toMatch(/at most 2/);
    expect(err(`huawei a --reason ${'x'.repeat(600)}`)).toMatch(/under 500/);
  });

  it('never throws, and every accepted stop is well formed (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        const r = parseCommand(text, opts);
        if (r.ok && r.command.kind === 'stop') {
          expect(r.command.targets.length + r.command.tags.length).toBeGreaterThan(0);
          expect(new Set(r.command.targets).size).toBe(r.command.targets.length);
          for (const t of r.command.targets) expect(t).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}._:-]*$/u);
          expect(r.command.reason.length).toBeLessThanOrEqual(500);
        }
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips generated commands (property)', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('huawei', 'alibaba', 'zenlayer', 'aws', 'sandbox'),
        fc.uniqueArray(name, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('', ' --hard', ' --soft'),
        fc.stringMatching(/^[a-zA-Z0-9 ,.!?]{0,80}$/),
        fc.constantFrom(',', ' ', ', '),
        (provider, targets, flag, reason, sep) => {
          const text = `${provider} ${targets.join(sep)}${flag}${reason.trim() ? ` --reason "${reason}"` : ''}`;
          const cmd = ok(text);
          expect(cmd).toMatchObject({ kind: 'stop', provider, targets });
          if (cmd.kind === 'stop') expect(cmd.reason).toBe(reason.replace(/\s+/g, ' ').trim());
        },
      ),
    );
  });
  it('takes only its own provider names, never an inherited key like "constructor" (property)', () => {
    const inherited = Object.getOwnPropertyNames(Object.prototype);
    fc.assert(
      fc.property(
        fc.constantFrom(...inherited, ...Object.keys(PROVIDER_ALIASES)),
        fc.string({ maxLength: 60 }),
        (head, rest) => {
          const r = parseCommand(`${head} ${rest}`, opts);
          if (r.ok && r.command.kind === 'stop') {
            expect(['huawei', 'alibaba', 'zenlayer', 'aws', 'sandbox']).toContain(r.command.provider);
          }
          if (inherited.includes(head)) expect(r.ok).toBe(false);
        },
      ),
    );
  });

  it('every error, as echoed to Slack, is clean mrkdwn: escaped, no control characters (property)', () => {
    expect(cleanReplyProblems(USAGE)).toEqual([]);
    const hostile = fc.constantFrom(
      '<!channel>',
      '<@U0ALICE|a>',
      '&',
      '<',
      '>',
      '\u0000',
      '\u001b[31m',
      '\u007f',
      '"',
      "'",
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostile, fc.string({ maxLength: 12, unit: 'binary' })), { maxLength: 8 }),
        fc.constantFrom('huawei ', 'status ', '', 'sandbox a --reason '),
        (parts, prefix) => {
          const r = parseCommand(prefix + parts.join(' '), opts);
          if (!r.ok) expect(cleanReplyProblems(`${echoText(r.error)}.\n\n${USAGE}`)).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('unwraps links in linear time, whatever the text holds', () => {
    for (const unit of ['<http:', '<http://a', '<mailto:x|']) {
      const started = performance.now();
      err(`huawei ${unit.repeat(Math.ceil(200_000 / unit.length))}`);
      expect(performance.now() - started, unit).toBeLessThan(200);
    }
    expect(ok('huawei <http://srv-1.example|srv-1.example>')).toMatchObject({ targets: ['srv-1.example'] });
  });

  it('refuses text longer than any valid command before parsing it', () => {
    const small = { maxTargets: 2 };
    expect(err(`huawei ${'a,'.repeat(6_000)}`, small)).toBe(
      'that command is 12007 characters long; the most I read is 11178',
    );
    expect(ok(`huawei ${'a'.repeat(128)},${'b'.repeat(128)} --reason ${'r'.repeat(500)}`)).toMatchObject({
      kind: 'stop',
    });
  });
});
