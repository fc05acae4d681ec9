import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The fake gateway's own check of SDK-HMAC-SHA256, written from the signing guide and
 * independent of src/providers/huawei/signer.ts: it starts from the bytes on the wire
 * (raw path, raw query, received headers, raw body), decodes them, and re-encodes with
 * encodeURIComponent plus the five characters it leaves alone.
 */

export interface WireRequest {
  method: string;
  /** Path and query exactly as received. */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Verdict = { ok: true; ak: string } | { ok: false; message: string };

const AUTH = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;_-]+), Signature=([0-9a-f]{64})$/;
const WINDOW_MS = 15 * 60_000;

const strict = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseSdkDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}

function canonicalRequest(req: WireRequest, signed: string[]): string {
  const [rawPath = '', rawQuery = ''] = req.rawUrl.split('?', 2);
  let uri = rawPath
    .split('/')
    .map((seg) => strict(decodeURIComponent(seg)))
    .join('/');
  if (!uri.endsWith('/')) uri += '/';
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const k = eq < 0 ? p : p.slice(0, eq);
      const v = eq < 0 ? '' : p.slice(eq + 1);
      return [decodeURIComponent(k), decodeURIComponent(v)] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  const query = pairs.map(([k, v]) => `${strict(k)}=${strict(v)}`).join('&');
  const headerBlock = signed.map((n) => `${n}:${(header(req.headers, n) ?? '').trim()}\n`).join('');
  const declared = header(req.headers, 'x-sdk-content-sha256');
  const payload =
    declared !== undefined && signed.includes('x-sdk-content-sha256')
      ? declared
      : createHash('sha256').update(req.body).digest('hex');
  return `${req.method}\n${uri}\n${query}\n${headerBlock}\n${signed.join(';')}\n${payload}`;
}

/**
 * Temporary keys: the gateway wants the security token in X-Security-Token, and
 * signed. Long-lived keys send none.
 */
function tokenProblem(req: WireRequest, signed: string[], token: string | undefined): string | undefined {
  const sent = header(req.headers, 'x-security-token');
  if (token === undefined) {
    return sent === undefined
      ? undefined
      : 'Incorrect IAM authentication information: unexpected X-Security-Token';
  }
  if (sent !== token)
    return 'Incorrect IAM authentication information: the security token is missing or wrong';
  if (!signed.includes('x-security-token')) {
    return 'Incorrect IAM authentication information: X-Security-Token must be signed';
  }
  return undefined;
}

export function verifySignature(
  req: WireRequest,
  keys: { ak: string; sk: string; securityToken?: string },
  nowMs: number,
): Verdict {
  const m = AUTH.exec(header(req.headers, 'authorization') ?? '');
  if (!m)
    return { ok: false, message: 'Incorrect IAM authentication information: Authorization header malformed' };
  const [, ak = '', signedList = '', signature = ''] = m;
  if (ak !== keys.ak) return { ok: false, message: 'Incorrect IAM authentication information: unknown AK' };
  const signed = signedList.split(';');
  const sorted = [...signed].sort();
  if (signed.join(';') !== sorted.join(';') || !signed.includes('x-sdk-date') || !signed.includes('host')) {
    return {
      ok: false,
      message:
        'Incorrect IAM authentication information: SignedHeaders must be sorted and include host and x-sdk-date',
    };
  }
  const badToken = tokenProblem(req, signed, keys.securityToken);
  if (badToken) return { ok: false, message: badToken };
  const dateText = header(req.headers, 'x-sdk-date') ?? '';
  const at = parseSdkDate(dateText);
  if (at === undefined || Math.abs(nowMs - at) > WINDOW_MS) {
    return {
      ok: false,
      message: `Incorrect IAM authentication information: verify aksk signature fail, signature expired, signature time:${dateText}, server time:${new Date(nowMs).toISOString()}`,
    };
  }
  let canonical: string;
  try {
    canonical = canonicalRequest(req, signed);
  } catch (err) {
    return {
      ok: false,
      message: `Incorrect IAM authentication information: undecodable URL (${String(err)})`,
    };
  }
  const digest = createHash('sha256').update(canonical).digest('hex');
  const expected = createHmac('sha256', keys.sk).update(`SDK-HMAC-SHA256\n${dateText}\n${digest}`).digest();
  if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: true, ak };
  return {
    ok: false,
    message: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${canonical.replaceAll('\n', '|')}`,
  };
}
