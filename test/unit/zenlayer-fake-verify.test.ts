import { describe, expect, it } from 'vitest';
import { verifyZc2 } from '../fakes/zenlayer/verify-signature.js';
import { readProviderVectors } from '../helpers/provider-vectors.js';

interface Vector {
  name: string;
  input: { timestamp: number; accessKeyId: string; accessKeyPassword: string; body: string };
  headersToSend: Record<string, string>;
}
const { vectors } = readProviderVectors('zenlayer') as { vectors: Vector[] };

/** Headers as node:http hands them over: names lower-cased. */
const received = (v: Vector) =>
  Object.fromEntries(Object.entries(v.headersToSend).map(([k, val]) => [k.toLowerCase(), val]));

describe("the fake's own ZC2 verifier", () => {
  it.each(vectors.map((v) => [v.name, v] as const))('accepts the published request: %s', (_n, v) => {
    const pw = (id: string) => (id === v.input.accessKeyId ? v.input.accessKeyPassword : undefined);
    const verdict = verifyZc2(received(v), Buffer.from(v.input.body, 'utf8'), pw, v.input.timestamp);
    expect(verdict).toEqual({ ok: true, accessKeyId: v.input.accessKeyId });
  });

  it('refuses a changed body, Host, stale timestamp or unknown key', () => {
    const v = vectors[1]!;
    const pw = (id: string) => (id === v.input.accessKeyId ? v.input.accessKeyPassword : undefined);
    const body = Buffer.from(v.input.body, 'utf8');
    const t = v.input.timestamp;
    expect(verifyZc2(received(v), Buffer.from(`${v.input.body} `), pw, t)).toMatchObject({
      code: 'SIGNATURE_MISMATCH',
    });
    expect(verifyZc2({ ...received(v), host: 'evil.example' }, body, pw, t)).toMatchObject({
      code: 'SIGNATURE_MISMATCH',
    });
    expect(verifyZc2(received(v), body, pw, t + 301)).toMatchObject({ code: 'REQUEST_EXPIRED' });
    expect(verifyZc2(received(v), body, pw, t + 300)).toMatchObject({ ok: true });
    expect(verifyZc2(received(v), body, () => undefined, t)).toMatchObject({ code: 'INVALID_ACCESS_KEY' });
    expect(verifyZc2({ ...received(v), authorization: 'Bearer x' }, body, pw, t)).toMatchObject({
      ok: false,
    });
  });
});
