import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The NODE_OPTIONS the Dockerfile gives the bot (`ENV NODE_OPTIONS=…`), so the
 * benchmark starts the bot as it is deployed; none when the Dockerfile sets none.
 */
export function deployedNodeOptions(): string[] {
  const file = fileURLToPath(new URL('../../Dockerfile', import.meta.url));
  if (!existsSync(file)) return [];
  const m = /NODE_OPTIONS=(?:"([^"]*)"|(\S+))/.exec(readFileSync(file, 'utf8'));
  return (m?.[1] ?? m?.[2] ?? '').split(/\s+/).filter(Boolean);
}
