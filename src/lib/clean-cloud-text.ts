/**
 * Text a cloud sent back (an error message, a failure reason), made fit to
 * show people: some gateways echo the request they refused, headers and all.
 * Anything that looks like an Authorization header, a signature, a key ID, a
 * token or a nonce is replaced by "[removed]"; control characters and line
 * breaks become spaces; the result is at most `max` characters. One cleaner
 * for every provider, applied where a cloud's words are recorded and again
 * where they are shown.
 */
const REMOVED = '[removed]';

const RULES: ReadonlyArray<[RegExp, string]> = [
  // An Authorization header, as a header line or a JSON/echoed field: its whole value.
  [/(authorization)(["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, `$1$2${REMOVED}`],
  // A signing scheme and everything after it up to the end of the quoted value or line.
  [/\b[A-Z0-9]+-HMAC-SHA\d+\b[^"'\r\n]*/g, REMOVED],
  [/\bBearer\s+[^\s"',;]+/gi, `Bearer ${REMOVED}`],
  // name=value / "name": "value" pairs whose name says credential.
  [
    /\b((?:x-[\w-]*?)?(?:access(?:[-_]?key(?:[-_]?id)?)?|credential|signature|signed[-_]?headers|secret[\w-]*|password|passwd|[\w-]*token|nonce|ak|sk|key[-_]?id|content[-_]sha256))(["']?\s*[:=]\s*["']?)[^\s,"';&)]+/gi,
    `$1$2${REMOVED}`,
  ],
  // Key IDs by shape: AWS, Alibaba; long hex or base64 runs (signatures, hashes).
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REMOVED],
  [/\bLTAI[0-9A-Za-z]{8,}\b/g, REMOVED],
  [/\b[0-9a-fA-F]{40,}\b/g, REMOVED],
  [/[A-Za-z0-9+/]{40,}={0,2}/g, REMOVED],
];

export function cleanCloudText(text: string, max = 300): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  out = out
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  if (out.length <= max) return out;
  // Never end on a half "[removed]" that could read as something else.
  const cut = out.slice(0, max - 1);
  const open = cut.lastIndexOf('[');
  return `${open > cut.lastIndexOf(']') ? cut.slice(0, open) : cut}…`;
}
