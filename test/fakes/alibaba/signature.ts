import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * ROA "HMAC-SHA1" signature check, written from the spec (§3 "Fake-server
 * verification procedure"), independently of pop-core.
 */

export type Headers = Record<string, string | string[] | undefined>;

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The query string as received, without the leading "?". */
  rawQuery: string;
  headers: Headers;
  body: string;
}

export type VerifyResult =
  | { ok: true; accessKeyId: string }
  | { ok: false; status: number; code: string; message: string };

export const header = (headers: Headers, name: string): string => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
};

/** Decoded query pairs (percent-decoding, `+` as space); a repeated key keeps its values comma-joined. */
export function decodeQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === '') return out;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    const key = dec(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : dec(part.slice(eq + 1));
    const prev = out.get(key);
    out.set(key, prev === undefined ? value : `${prev},${value}`);
  }
  return out;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalResource(path: string, query: Map<string, string>): string {
  if (query.size === 0) return path;
  const keys = [...query.keys()].sort(byteOrder);
  return `${path}?${keys.map((k) => `${k}=${query.get(k)}`).join('&')}`;
}

export function canonicalHeaders(headers: Headers): string {
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .filter((n) => n.startsWith('x-acs-'))
    .sort(byteOrder);
  return names
    .map(
      (n) =>
        `${n}:${header(headers, n)
          .replace(/[\t\n\r\f]/g, ' ')
          .trim()}\n`,
    )
    .join('');
}

export function stringToSign(req: ReceivedRequest): string {
  const h = (n: string) => header(req.headers, n);
  const lines = [req.method, h('accept'), h('content-md5'), h('content-type'), h('date')].join('\n');
  return `${lines}\n${canonicalHeaders(req.headers)}${canonicalResource(req.path, decodeQuery(req.rawQuery))}`;
}

export const hmacSha1 = (secret: string, text: string): string =>
  createHmac('sha1', secret).update(text, 'utf8').digest('base64');

const md5 = (body: string) => createHash('md5').update(body, 'utf8').digest('base64');

const fail = (status: number, code: string, message: string): VerifyResult => ({
  ok: false,
  status,
  code,
  message,
});

export function verifySignature(
  req: ReceivedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
): VerifyResult {
  const auth = /^acs ([^:]+):(.+)$/.exec(header(req.headers, 'authorization'));
  if (!auth?.[1] || !auth[2])
    return fail(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  const [, accessKeyId, given] = auth;
  const secret = secretOf(accessKeyId);
  if (secret === undefined)
    return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (header(req.headers, 'content-md5') !== md5(req.body)) {
    return fail(400, 'InvalidContentMD5', 'The Content-MD5 header does not match the body.');
  }
  const expected = Buffer.from(hmacSha1(secret, stringToSign(req)));
  const got = Buffer.from(given);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
    return fail(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
  }
  return { ok: true, accessKeyId };
}
