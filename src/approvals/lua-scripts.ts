import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * The Lua scripts beside this module (./lua/*.lua). They are read relative to
 * this file, so a build must copy src/approvals/lua/ to dist/approvals/lua/.
 */
export type ScriptName =
  | 'create'
  | 'create-undo'
  | 'decide'
  | 'expire'
  | 'set-mode'
  | 'finish'
  | 'set-ref'
  | 'claim-targets'
  | 'record-outcomes'
  | 'append-audit'
  | 'recent';

export interface LuaScript {
  readonly name: ScriptName;
  readonly source: string;
  readonly sha: string;
}

const cache = new Map<ScriptName, LuaScript>();

/**
 * Scripts that start from a shared prelude: transition-prelude.lua (one reading of the
 * request, one commit) or write-request.lua (writing a new request and indexing it).
 */
const PRELUDE: Partial<Record<ScriptName, string>> = {
  decide: 'transition-prelude.lua',
  expire: 'transition-prelude.lua',
  finish: 'transition-prelude.lua',
  'set-mode': 'transition-prelude.lua',
  create: 'write-request.lua',
  'create-undo': 'write-request.lua',
};

const readLua = (file: string) => readFileSync(new URL(`./lua/${file}`, import.meta.url), 'utf8');

export function loadScript(name: ScriptName): LuaScript {
  const known = cache.get(name);
  if (known) return known;
  const own = readLua(`${name}.lua`);
  const prelude = PRELUDE[name];
  const source = prelude ? `${readLua(prelude)}\n${own}` : own;
  const script = { name, source, sha: createHash('sha1').update(source).digest('hex') };
  cache.set(name, script);
  return script;
}

/** EVALSHA, falling back to EVAL when Redis has not seen the script yet (or was restarted). */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const rest = [keys.length, ...keys, ...args];
  try {
    return await redis.call('EVALSHA', [script.sha, ...rest]);
  } catch (err) {
    // NOSCRIPT is the error code Redis puts first in the reply when it lacks the script.
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.call('EVAL', [script.source, ...rest]);
  }
}
