/** Edit distance with adjacent swaps (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(x.length, y.length);
}

/** The known word a typo most likely meant, when one is close enough to suggest. */
export function closestWord(typo: string, known: readonly string[]): string | undefined {
  const allowed = Math.max(1, Math.floor(typo.length / 3));
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    const lower = word.toLowerCase();
    const typed = typo.toLowerCase();
    const prefix = typed.length >= 3 && (lower.startsWith(typed) || typed.startsWith(lower));
    const distance = prefix ? 1 : editDistance(typo, word);
    if (distance <= allowed && (!best || distance < best.distance)) best = { word, distance };
  }
  return best?.word;
}
