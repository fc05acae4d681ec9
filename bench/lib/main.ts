import { fileURLToPath } from 'node:url';
import { type PartResult, printPart } from './report.js';

/** True when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}

/** Runs one part on its own: prints its tables, exits 1 on a crash (not on a FAIL). */
export function runAlone(run: () => Promise<PartResult>): void {
  run().then(
    (part) => {
      printPart(part);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(
        `benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
