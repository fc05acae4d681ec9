import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, providerNamed } from '../../src/bot/parse.js';

/** The provider word against configured names (issue 12). */
const configured = ['huawei', 'huawei-dr', 'sandbox', 'lab'];
const opts = { maxTargets: 100, providers: configured };

describe('the provider word', () => {
  it('is a configured name as it is, and an alias the provider named after its cloud', () => {
    expect(providerNamed('huawei-dr', configured)).toBe('huawei-dr');
    expect(providerNamed('lab', configured)).toBe('lab');
    expect(providerNamed('ecs', configured)).toBe('huawei');
    expect(providerNamed('huaweicloud', configured)).toBe('huawei');
    // A cloud with no provider of its name still resolves, so the bot can say it is not configured.
    expect(providerNamed('sae', configured)).toBe('alibaba');
    expect(providerNamed('huawei-qa', configured)).toBeUndefined();
  });

  it('parses a stop on a named provider', () => {
    const r = parseCommand('huawei-dr srv-1,srv-2 --hard --reason "dr drill"', opts);
    expect(r).toEqual({
      ok: true,
      command: {
        kind: 'stop',
        provider: 'huawei-dr',
        targets: ['srv-1', 'srv-2'],
        tags: [],
        mode: 'HARD',
        reason: 'dr drill',
      },
    });
  });

  it('answers an unknown name with the configured names', () => {
    const r = parseCommand('huawei-qa srv-1', opts);
    expect(r).toEqual({
      ok: false,
      error:
        '"huawei-qa" is not a provider I know; the providers here are huawei, huawei-dr, sandbox, lab (or help)',
    });
  });

  it('never takes an inherited key or an unconfigured word for a provider (property)', () => {
    const inherited = Object.getOwnPropertyNames(Object.prototype);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...inherited), fc.stringMatching(/^[a-z0-9-]{1,12}$/)), (head) => {
        const r = parseCommand(`${head} srv-1`, opts);
        if (r.ok && r.command.kind === 'stop') {
          expect([...configured, 'alibaba', 'zenlayer']).toContain(r.command.provider);
        }
        if (inherited.includes(head)) expect(r.ok).toBe(false);
      }),
    );
  });
});
