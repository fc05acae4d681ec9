import { expect, it } from 'vitest';
import { markKeys, onceKeys } from '../../src/approvals/once-keys.js';

/** Two kinds of work never share a once-claim or mark, and each key names what it is for. */

it('every key is distinct for the same inputs, and carries its inputs', () => {
  const id = 'SR-KEYS0000001';
  const keys: [string, string[]][] = [
    [onceKeys.command(id), [id]],
    [onceKeys.viewSubmission(id, 'h4sh'), [id, 'h4sh']],
    [onceKeys.event(id), [id]],
    [onceKeys.summary(id), [id]],
    [onceKeys.progressPost(id), [id]],
    [onceKeys.cardEdit(id), [id]],
    [onceKeys.modeChange(id, 1_700_000_000), [id, '1700000000']],
    [onceKeys.progressEdit(id), [id]],
    [markKeys.trackRound(id), [id]],
    [markKeys.summaryPosted(id), [id]],
  ];
  expect(new Set(keys.map(([k]) => k)).size).toBe(keys.length);
  for (const [key, inputs] of keys) for (const input of inputs) expect(key).toContain(input);
});

it('different inputs give different keys', () => {
  expect(onceKeys.viewSubmission('V1', 'a')).not.toBe(onceKeys.viewSubmission('V1', 'b'));
  expect(onceKeys.modeChange('U1', 1)).not.toBe(onceKeys.modeChange('U1', 2));
  expect(markKeys.trackRound('SR-A')).not.toBe(markKeys.trackRound('SR-B'));
});
