/**
 * Finds secrets in text the bot wrote: the secret values themselves (and a
 * shared marker), and anything shaped like a credential on the wire —
 * Authorization header values of each cloud, Slack bearer tokens and
 * request signatures, bare HMAC-SHA256 hex digests.
 */
const WIRE_SHAPES: Array<[string, RegExp]> = [
  ['Huawei Authorization', /SDK-HMAC-SHA256\s+Access=/i],
  ['Zenlayer Authorization', /ZC2-HMAC-SHA256\s+Credential=/i],
  ['AWS Authorization', /AWS4-HMAC-SHA256\s+Credential=/i],
  ['AWS session token header', /x-amz-security-token/i],
  ['Alibaba Authorization', /\bacs\s+[A-Za-z0-9]{8,}:[A-Za-z0-9+/=]{16,}/],
  ['Signature= field', /Signature=[0-9a-f]{16,}/i],
  ['bearer token', /\bBearer\s+\S{8,}/i],
  ['Slack signature', /v0=[0-9a-f]{64}/i],
  ['Slack token', /\bx(?:ox[abpr]|app)-[A-Za-z0-9-]{6,}/],
  ['HMAC-SHA256 digest', /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/i],
];

export interface Leak {
  where: string;
  what: string;
  excerpt: string;
}

function excerpt(text: string, index: number): string {
  return text.slice(Math.max(0, index - 60), index + 60).replace(/\s+/g, ' ');
}

/** Every secret value or credential shape found in `text`, labelled with `where`. */
export function findLeaks(where: string, text: string, secrets: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    const i = text.indexOf(secret);
    if (i >= 0) leaks.push({ where, what: `secret value ${secret.slice(0, 4)}…`, excerpt: excerpt(text, i) });
  }
  for (const [what, shape] of WIRE_SHAPES) {
    const m = shape.exec(text);
    if (m) leaks.push({ where, what, excerpt: excerpt(text, m.index) });
  }
  return leaks;
}
