import { describe, expect, it } from 'vitest';
import { parseCommand, USAGE } from '../../src/bot/parse.js';

const parse = (text: string) => parseCommand(text, { maxTargets: 5000 });

describe('/stop undo', () => {
  it('takes a request ID, upper-casing it, and an optional reason', () => {
    expect(parse('undo sr-7k2m9qxa4b')).toEqual({
      ok: true,
      command: { kind: 'undo', requestId: 'SR-7K2M9QXA4B', reason: '' },
    });
    expect(parse('undo SR-7K2M9QXA4B --reason "incident over"')).toEqual({
      ok: true,
      command: { kind: 'undo', requestId: 'SR-7K2M9QXA4B', reason: 'incident over' },
    });
    expect(parse('UNDO SR-7K2M9QXA4B --reason=all clear now')).toEqual({
      ok: true,
      command: { kind: 'undo', requestId: 'SR-7K2M9QXA4B', reason: 'all clear now' },
    });
  });

  it('says what is wrong with a missing or bad ID, an unknown option, an empty reason', () => {
    const error = (text: string) => {
      const r = parse(text);
      return r.ok ? undefined : r.error;
    };
    expect(error('undo')).toMatch(/`undo` takes the ID of a stop request/);
    expect(error('undo srv-1')).toMatch(/"srv-1" is not a request ID/);
    expect(error('undo SR-7K2M9QXA4B --hard')).toMatch(/takes only --reason/);
    expect(error('undo SR-7K2M9QXA4B extra')).toMatch(/takes only --reason/);
    expect(error('undo SR-7K2M9QXA4B --reason')).toMatch(/--reason needs some text/);
    expect(error(`undo SR-7K2M9QXA4B --reason ${'x'.repeat(600)}`)).toMatch(/keep it under 500/);
  });

  it('is in the usage', () => {
    expect(USAGE).toContain('/stop undo &lt;request-id&gt; [--reason &lt;text&gt;]');
  });
});
