import type { ResolveResult } from '../../domain/types.js';
import { machineLabel } from './machine-lines.js';
import { codeText, fitLines } from './text.js';

/** Why pre-flight refused, in plain words; undefined when every target resolved. */
export function preflightProblem(result: ResolveResult): string | undefined {
  const parts: string[] = [];
  if (result.unknown.length) {
    const list = fitLines(
      result.unknown.map((r) => `• \`${codeText(r)}\``),
      1200,
      20,
    );
    parts.push(`I couldn't find ${result.unknown.length === 1 ? 'this target' : 'these targets'}:\n${list}`);
  }
  if (result.ambiguous.length) {
    const lines = result.ambiguous.map(
      (a) =>
        `• \`${codeText(a.ref)}\` matches ${a.matches.length} machines: ${a.matches.slice(0, 5).map(machineLabel).join(', ')}`,
    );
    parts.push(`These names are ambiguous; use the machine ID instead:\n${fitLines(lines, 1200, 10)}`);
  }
  return parts.length ? `${parts.join('\n\n')}\n\nNothing was requested.` : undefined;
}
