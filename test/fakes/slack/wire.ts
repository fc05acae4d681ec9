import type { IncomingMessage } from 'node:http';
import type { Obj } from './types.js';

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

/** Form posts carry booleans as 'true'/'1'; JSON carries real booleans. */
export function bool(o: Obj, key: string): boolean {
  const v = o[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Web API arguments from a form or JSON body (plus query string), the way Slack accepts them. */
export function parseArgs(
  contentType: string | undefined,
  raw: string,
  query: URLSearchParams,
): Obj | undefined {
  const args: Obj = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (raw.length === 0) return args;
  if (type === 'application/json') {
    const parsed = safeJson(raw);
    return isObj(parsed) ? { ...args, ...parsed } : undefined;
  }
  for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  return args;
}

export function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * Blocks arrive as a JSON string (form) or an array (JSON body).
 * Returns undefined when absent, 'bad' when Slack would answer invalid_blocks_format.
 */
export function argBlocks(args: Obj, key = 'blocks'): Obj[] | undefined | 'bad' {
  const raw = args[key];
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  if (!Array.isArray(value) || !value.every(isObj)) return 'bad';
  return value;
}

export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1];
}

/** Slack message timestamps: seconds '.' microseconds (6 digits). */
export function formatTs(micros: number): string {
  const sec = Math.floor(micros / 1_000_000);
  return `${sec}.${String(micros % 1_000_000).padStart(6, '0')}`;
}
