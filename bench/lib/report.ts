/** What every benchmark part returns: tables of figures and target rows with a verdict. */

export type Cell = string | number;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface TargetCheck {
  target: string;
  measured: string;
  goal: string;
  pass: boolean;
}

export interface PartResult {
  id: string;
  title: string;
  /** The command that reproduces this part alone. */
  command: string;
  /** Sizes and settings the run used. */
  setup: string[];
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
}

export const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

export function targetsTable(targets: readonly TargetCheck[]): Table {
  return {
    title: 'Targets',
    columns: ['target', 'measured', 'goal', 'result'],
    rows: targets.map((t) => [t.target, t.measured, t.goal, verdict(t.pass)]),
  };
}

function textTable(table: Table): string {
  const cells = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(cells[0] ?? []), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

export function markdownTable(table: Table): string {
  const esc = (c: Cell) => String(c).replace(/\|/g, '\\|');
  return [
    `| ${table.columns.join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** The part as plain text for the terminal. */
export function printPart(part: PartResult): void {
  const out: string[] = [`\n=== ${part.title} ===`, ...part.setup.map((s) => `  ${s}`)];
  for (const t of [...part.tables, targetsTable(part.targets)]) out.push('', `${t.title}:`, textTable(t));
  for (const n of part.notes) out.push(`  note: ${n}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The part as a BENCHMARKS.md section. */
export function markdownPart(part: PartResult): string {
  const out: string[] = [`## ${part.title}`, '', `Reproduce alone: \`${part.command}\``, ''];
  for (const s of part.setup) out.push(`- ${s}`);
  for (const t of [...part.tables, targetsTable(part.targets)])
    out.push('', `**${t.title}**`, '', markdownTable(t));
  if (part.notes.length) out.push('', ...part.notes.map((n) => `> ${n}`));
  return out.join('\n');
}
