import { execFile } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The bot runs in production as compiled JavaScript (`node dist/main.js` in
 * the Dockerfile), so the benchmark compiles src (and its two child entry
 * points) once, exactly as `npm run build` does, into .bench-build/ in this
 * checkout (not under node_modules, which worktrees may share), and runs the
 * children from there: no TypeScript loader in the measured
 * process, its memory or its CPU time.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = join(ROOT, '.bench-build');
let built: Promise<string> | undefined;

async function compile(): Promise<string> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(ROOT, 'bench', 'tsconfig.bench.json')], {
      cwd: ROOT,
    });
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    throw new Error(`compiling the bot for the benchmark failed:\n${out.slice(0, 2000)}`);
  }
  cpSync(join(ROOT, 'src', 'approvals', 'lua'), join(BUILD_DIR, 'src', 'approvals', 'lua'), {
    recursive: true,
  });
  writeFileSync(join(BUILD_DIR, 'package.json'), '{ "type": "module", "private": true }\n');
  const entry = join(BUILD_DIR, 'bench', 'lib', 'bot-child.js');
  if (!existsSync(entry)) throw new Error(`compiled bot entry missing: ${entry}`);
  return BUILD_DIR;
}

/** Compiles once per run; later callers share the result. */
export function compiledBot(): Promise<string> {
  built ??= compile();
  return built;
}
