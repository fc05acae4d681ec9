import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The fake's own ZC2-HMAC-SHA256 check, written from the spec's "Fake-server
 * verification procedure" (deliberately not importing the client's signer).
 */
export type Verdict = { ok: true; accessKeyId: string } | { ok: false; code: string; message: string };

const AUTH = /^ZC2-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function verifyZc2(
  headers: IncomingHttpHeaders,
  body: Buffer,
  passwordFor: (accessKeyId: string) => string | undefined,
  nowSeconds: number,
  maxSkewSeconds = 300,
): Verdict {
  const m = AUTH.exec(one(headers.authorization) ?? '');
  if (!m) return { ok: false, code: 'AUTH_FAILURE', message: 'Authorization header missing or malformed' };
  const [, accessKeyId = '', signedHeaders, signature = ''] = m;
  if (signedHeaders !== 'content-type;host') {
    return { ok: false, code: 'AUTH_FAILURE', message: 'SignedHeaders must be content-type;host' };
  }
  const password = passwordFor(accessKeyId);
  if (password === undefined) return { ok: false, code: 'INVALID_ACCESS_KEY', message: 'unknown access key' };
  const timestamp = one(headers['x-zc-timestamp']) ?? '';
  if (!/^\d+$/.test(timestamp)) return { ok: false, code: 'AUTH_FAILURE', message: 'X-ZC-Timestamp missing' };
  if (Math.abs(nowSeconds - Number(timestamp)) > maxSkewSeconds) {
    return { ok: false, code: 'REQUEST_EXPIRED', message: 'X-ZC-Timestamp too far from the server clock' };
  }
  const canonical =
    'POST\n/\n\n' +
    `content-type:${one(headers['content-type']) ?? ''}\n` +
    `host:${one(headers.host) ?? ''}\n\n` +
    'content-type;host\n' +
    hex(body);
  const toSign = `ZC2-HMAC-SHA256\n${timestamp}\n${hex(canonical)}`;
  const expected = createHmac('sha256', password).update(toSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'SIGNATURE_MISMATCH', message: 'signature does not match' };
  }
  return { ok: true, accessKeyId };
}
