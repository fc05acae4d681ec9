import { describe, expect, it } from 'vitest';
import { createBodyCache } from '../../src/approvals/body-cache.js';
import { sameJson } from '../../src/lib/same-json.js';

const body = (n: number) =>
  JSON.stringify({
    id: `SR-${n}`,
    targets: [{ id: `m${n}`, name: 'web', status: 'ACTIVE', stopped: false }],
    skipped: [],
  });

describe('request body cache', () => {
  it('parses once and shares the copy, with its machine lists frozen', () => {
    const cache = createBodyCache(1_000_000);
    const a = cache.remember('SR-1', body(1));
    expect(cache.remember('SR-1', body(1))).toBe(a);
    expect(cache.get('SR-1')?.body).toBe(a);
    expect(Object.isFrozen(a.targets)).toBe(true);
    expect(Object.isFrozen(a.targets[0])).toBe(true);
    expect(() => {
      (a.targets as { status: string }[])[0]!.status = 'SHUTOFF';
    }).toThrow(TypeError);
  });

  it('keeps to its size, dropping the oldest first', () => {
    const size = body(1).length;
    const cache = createBodyCache(size * 2);
    for (const n of [1, 2, 3]) cache.remember(`SR-${n}`, body(n));
    expect(cache.get('SR-1')).toBeUndefined();
    expect(cache.get('SR-2')).toBeDefined();
    expect(cache.get('SR-3')).toBeDefined();
  });

  it('does not keep a body larger than the whole cache, but still parses it', () => {
    const cache = createBodyCache(10);
    expect(cache.remember('SR-9', body(9)).id).toBe('SR-9');
    expect(cache.get('SR-9')).toBeUndefined();
  });
});

describe('sameJson', () => {
  it('compares as JSON does: order of keys ignored, undefined fields ignored, arrays in order', () => {
    expect(sameJson({ a: [1, { b: 'x' }], c: undefined }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
