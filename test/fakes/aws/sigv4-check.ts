import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/ec2\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

export interface SigV4Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Checks a SigV4 Authorization header the way EC2 does: well formed, for this
 * key, region and service `ec2`, signing host and x-amz-date, and with the
 * signature recomputed from the request. Returns a reason on failure.
 */
export function checkSigV4(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: string,
  keys: SigV4Keys,
  region: string,
): string | undefined {
  const auth = headers.authorization;
  if (typeof auth !== 'string') return 'no Authorization header';
  const m = AUTH_RE.exec(auth);
  if (!m) return 'Authorization header is not a well-formed SigV4 header';
  const [, keyId, day, authRegion, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== keys.accessKeyId) return 'unknown access key';
  if (authRegion !== region) return `signed for region ${authRegion}, not ${region}`;
  const date = headers['x-amz-date'];
  if (typeof date !== 'string' || !date.startsWith(day ?? '-'))
    return 'x-amz-date missing or not the signing day';
  const names = (signedHeaders ?? '').split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  if (keys.sessionToken && headers['x-amz-security-token'] !== keys.sessionToken)
    return 'session token missing';
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const [pathPart, query = ''] = path.split('?');
  const canonical = [method, pathPart, query, canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const scope = `${day}/${region}/ec2/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${keys.secretAccessKey}`, day ?? '');
  for (const part of [region, 'ec2', 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return expected === signature ? undefined : 'signature does not match';
}
