import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud AK/SK signing, SDK-HMAC-SHA256 (spec §8). A pure function: no clock,
 * no I/O. Deliberate differences from the official Node signer's bugs (§8.2): the
 * path is encoded exactly once, header values are trimmed, the header block and the
 * SignedHeaders list use the same (code-unit) order, and X-Sdk-Date must already be
 * in the basic format.
 */

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Decoded query parameters; an array is a repeated key. */
export type QueryMap = Readonly<Record<string, string | readonly string[]>>;

export interface SignInput {
  method: string;
  /** Host as sent in the Host header: `host` or `host:port`. */
  host: string;
  /** The decoded absolute path. */
  path: string;
  query: QueryMap;
  /** Headers to sign (besides host and x-sdk-date, which are added when missing). */
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent; null when there is no body. */
  body: Uint8Array | string | null;
  ak: string;
  sk: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  sdkDate: string;
}

export interface SignOutput {
  authorization: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const SDK_DATE = /^\d{8}T\d{6}Z$/;

let lastSecond = Number.NaN;
let lastSdkDate = '';

/** UTC time as `YYYYMMDDTHHMMSSZ` (the last one is kept: it changes once a second). */
export function formatSdkDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastSdkDate = date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    lastSecond = second;
  }
  return lastSdkDate;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;

/** RFC 3986 strict: keep A–Z a–z 0–9 - . _ ~, everything else as upper-case %XX of its UTF-8 bytes. */
export function encodeRfc3986(text: string): string {
  if (UNRESERVED_ONLY.test(text)) return text;
  try {
    // encodeURIComponent leaves exactly these five of RFC 3986's reserved set unescaped.
    const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
    return encodeURIComponent(text).replace(/[!'()*]/g, hex);
  } catch (err) {
    if (!(err instanceof URIError)) throw err;
    // A lone surrogate: encode the bytes Buffer gives it (U+FFFD), one by one.
  }
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const unreserved =
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Each segment encoded once, plus a trailing "/" (canonical form only; never sent). */
export function canonicalUri(path: string): string {
  const encoded = path.split('/').map(encodeRfc3986).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Names sorted by code unit, then each name's values sorted the same way. */
export function canonicalQuery(query: QueryMap): string {
  const parts: string[] = [];
  for (const name of Object.keys(query).sort(byCodeUnit)) {
    const raw = query[name];
    const values = typeof raw === 'string' ? [raw] : [...(raw ?? [])].sort(byCodeUnit);
    for (const value of values) parts.push(`${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
  }
  return parts.join('&');
}

/** Lower-case names, trimmed values, sorted by name. Throws on a name given twice. */
export function normaliseHeaders(headers: Readonly<Record<string, string>>): Array<[string, string]> {
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new Error(`header ${lower} given twice`);
    seen.set(lower, value.trim());
  }
  return [...seen.entries()].sort((a, b) => byCodeUnit(a[0], b[0]));
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function payloadHash(body: Uint8Array | string | null, headers: ReadonlyArray<[string, string]>): string {
  const declared = headers.find(([name]) => name === 'x-sdk-content-sha256');
  if (declared) return declared[1];
  return body === null ? EMPTY_SHA256 : sha256Hex(body);
}

export function sign(input: SignInput): SignOutput {
  if (!SDK_DATE.test(input.sdkDate)) throw new Error('sdkDate must be YYYYMMDDTHHMMSSZ');
  const given = normaliseHeaders(input.headers);
  const all = new Map(given);
  if ((all.get('host') ?? input.host) !== input.host) throw new Error('Host header does not match host');
  if ((all.get('x-sdk-date') ?? input.sdkDate) !== input.sdkDate) {
    throw new Error('X-Sdk-Date header does not match sdkDate');
  }
  all.set('host', input.host);
  all.set('x-sdk-date', input.sdkDate);
  const headers = [...all.entries()].sort((a, b) => byCodeUnit(a[0], b[0]));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQuery(input.query),
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    payloadHash(input.body, headers),
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${input.sdkDate}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', Buffer.from(input.sk, 'utf8')).update(stringToSign).digest('hex');
  const authorization = `${ALGORITHM} Access=${input.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { authorization, signedHeaders, canonicalRequest, stringToSign, signature };
}
