// Reads mutation reports (default reports/mutation/mutation.json, from `npm run test:mutation`;
// with several, a file's results come from the last report that has it) and prints the score
// table and one row per surviving or uncovered mutant for docs/mutation.md. A row's reason is
// the first rule of docs/mutation-reasons.json that matches it; a survivor no rule matches is
// printed as OPEN. Usage: node scripts/mutation-table.mjs [report.json ...]
import { readFileSync } from 'node:fs';

const paths = process.argv.slice(2);
const report = { files: {} };
for (const path of paths.length ? paths : ['reports/mutation/mutation.json']) {
  Object.assign(report.files, JSON.parse(readFileSync(path, 'utf8')).files);
}
// Reasons written by hand (docs/mutation-reasons.json): the first rule whose file matches, whose
// `source` is in the mutated line, and whose mutator and replacement (when given) match.
const rules = JSON.parse(readFileSync('docs/mutation-reasons.json', 'utf8'));
const reasonFor = (file, line, m) =>
  rules.find(
    (r) =>
      r.file === file &&
      line.includes(r.source) &&
      (!r.mutator || r.mutator === m.mutatorName) &&
      (r.replacement === undefined || r.replacement === m.replacement),
  )?.reason;

const cut = (s, n = 40) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}...` : one;
};
const cell = (s) => s.replace(/\|/g, '\\|').replace(/`/g, "'");

const table = [];
const rows = [];
let all = { detected: 0, undetected: 0, killed: 0, timeout: 0, survived: 0, nocov: 0, total: 0 };
for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
  const lines = source.split('\n');
  let detected = 0;
  let undetected = 0;
  for (const m of mutants) {
    all.total += 1;
    if (m.status === 'Killed' || m.status === 'Timeout') {
      detected += 1;
      all[m.status === 'Killed' ? 'killed' : 'timeout'] += 1;
    } else if (m.status === 'Survived' || m.status === 'NoCoverage') {
      undetected += 1;
      all[m.status === 'Survived' ? 'survived' : 'nocov'] += 1;
      const line = m.location.start.line;
      const replacement = cell(cut(m.replacement ?? ''));
      const reason =
        reasonFor(file, lines[line - 1] ?? '', m) ??
        (m.status === 'NoCoverage' ? 'OPEN: no test in the run reaches it' : 'OPEN');
      rows.push(
        `| \`${file}:${line}\` | ${m.mutatorName} | \`${replacement}\` | ${reason} | \`${cell(cut(lines[line - 1] ?? '', 60))}\` |`,
      );
    }
  }
  all.detected += detected;
  all.undetected += undetected;
  const pct = ((100 * detected) / Math.max(1, detected + undetected)).toFixed(1);
  table.push(`| \`${file}\` | ${pct}% (${detected}/${detected + undetected}) |`);
}
const score = ((100 * all.detected) / Math.max(1, all.detected + all.undetected)).toFixed(2);
console.log(
  `${all.total} mutants: ${all.killed} killed, ${all.timeout} timed out, ${all.survived} survived, ${all.nocov} not covered. Score ${score}%\n`,
);
console.log('| file | score |\n| --- | --- |');
console.log(table.join('\n'));
console.log('\n| file:line | mutator | replacement | reason | source |\n| --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
