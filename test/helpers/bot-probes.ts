import { request } from 'undici';

/** GET a path on the bot; status and body text. */
export async function getPath(baseUrl: string, path: string): Promise<{ status: number; text: string }> {
  const res = await request(`${baseUrl}${path}`);
  return { status: res.statusCode, text: await res.body.text() };
}

/** stopbot_provider_calls_total from /metrics, summed per "provider:operation". */
export async function providerCalls(baseUrl: string): Promise<Map<string, number>> {
  const { status, text } = await getPath(baseUrl, '/metrics');
  if (status !== 200) throw new Error(`/metrics answered ${status}`);
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^stopbot_provider_calls_total\{([^}]*)\}\s+(\d+(?:\.\d+)?)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1] ?? '', l[2] ?? '']),
    );
    const key = `${labels.provider}:${labels.operation}`;
    out.set(key, (out.get(key) ?? 0) + Number(m[2]));
  }
  return out;
}

export function totalOf(calls: Map<string, number>, filter: (key: string) => boolean = () => true): number {
  let sum = 0;
  for (const [k, v] of calls) if (filter(k)) sum += v;
  return sum;
}

/** Log lines at error level or worse (pino: 50 error, 60 fatal). */
export function errorLines(lines: readonly string[]): string[] {
  return lines.filter((l) => /"level":(50|60)\b/.test(l));
}
