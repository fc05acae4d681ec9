import { describe, expect, it } from 'vitest';
import { readHuaweiVectors, type WireVector } from '../../helpers/huawei-vectors.js';
import { verifySignature } from './verify.js';

/** The fake's verifier must accept what the official SDK put on the wire, and nothing altered. */
const vectors = readHuaweiVectors();

const check = (w: WireVector, change: Partial<WireVector['request_on_wire']> = {}, skewMs = 0) => {
  const wire = { ...w.request_on_wire, ...change };
  return verifySignature(
    {
      method: wire.method,
      rawUrl: wire.path_and_query,
      headers: wire.headers,
      body: Buffer.from(wire.body ?? '', 'utf8'),
    },
    w.credentials,
    Date.parse(w.frozen_clock_utc) + skewMs,
  );
};

describe('fake ECS signature check', () => {
  for (const w of vectors.wire_vectors) {
    it(`accepts the SDK's captured ${w.id} and rejects it altered`, () => {
      expect(check(w)).toEqual({ ok: true, ak: w.credentials.ak });
      const other = { ...w.request_on_wire.headers, 'x-project-id': '00000000000000000000000000000000' };
      expect(check(w, { headers: other }).ok).toBe(false);
      expect(check(w, { path_and_query: `${w.request_on_wire.path_and_query.split('?')[0]}x` }).ok).toBe(
        false,
      );
      expect(check(w, {}, 16 * 60_000)).toMatchObject({
        ok: false,
        message: expect.stringContaining('expired'),
      });
    });
  }

  it('rejects a changed body', () => {
    const w = vectors.wire_vectors.find((v) => v.request_on_wire.body !== null);
    expect(w).toBeDefined();
    if (w) expect(check(w, { body: `${w.request_on_wire.body} ` }).ok).toBe(false);
  });
});
