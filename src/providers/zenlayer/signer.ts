import { createHash, createHmac } from 'node:crypto';

/**
 * ZC2-HMAC-SHA256, Zenlayer Cloud API 2.0 request signing. Pure: the caller
 * supplies every input, including the timestamp (Unix seconds).
 * Only Content-Type and Host are signed, verbatim; the canonical URI is always
 * "/" and the query string always empty, whatever path the request goes to.
 */
export const ZC2_ALGORITHM = 'ZC2-HMAC-SHA256';
export const ZC2_SIGNED_HEADERS = 'content-type;host';

export interface Zc2Input {
  /** The Content-Type header value exactly as sent. */
  contentType: string;
  /** The Host header value exactly as sent (with ":port" when the URL has one). */
  host: string;
  /** The body exactly as sent. */
  body: string;
  /** Unix time in seconds. */
  timestamp: number;
  accessKeyId: string;
  accessKeyPassword: string;
}

export interface Zc2Signature {
  hashedPayload: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** The Authorization header value. A secret-derived value: never log it. */
  authorization: string;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

export function signZc2(input: Zc2Input): Zc2Signature {
  const hashedPayload = sha256Hex(input.body);
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${input.contentType}`,
    `host:${input.host}`,
    '',
    ZC2_SIGNED_HEADERS,
    hashedPayload,
  ].join('\n');
  const stringToSign = [ZC2_ALGORITHM, String(input.timestamp), sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', Buffer.from(input.accessKeyPassword, 'utf8'))
    .update(stringToSign, 'utf8')
    .digest('hex');
  const authorization = `${ZC2_ALGORITHM} Credential=${input.accessKeyId}, SignedHeaders=${ZC2_SIGNED_HEADERS}, Signature=${signature}`;
  return { hashedPayload, canonicalRequest, stringToSign, signature, authorization };
}
