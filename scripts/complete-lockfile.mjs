// Adds lockfile entries for optional platform packages the registry reachable
// here does not serve (other OS/CPU builds of @biomejs/cli-* and
// @msgpackr-extract/*). Without them `npm ci` refuses the lockfile; with them
// npm skips those packages on this platform as it always would.
// Run after any `npm install` that rewrites package-lock.json:
//   node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [where, info] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(info.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${where}/${key}`]) continue;
    const m = /(?:cli|extract)-([a-z0-9]+)-([a-z0-9]+)(-musl)?$/.exec(name);
    if (!m) continue;
    packages[key] = { version, cpu: [m[2]], optional: true, os: [m[1]], ...(info.dev ? { dev: true } : {}), ...(m[3] ? { libc: ['musl'] } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
