import type { CloudName } from './clouds.js';

/**
 * The fewest provider calls a stop of `n` targets can take, and the fastest it
 * can possibly end: every stop call sent, the stop delay waited out, and one
 * tracking round that sees everything stopped, with `concurrency` calls in
 * flight and `latencyMs` per call (plus SAE's per-minute limit where it binds).
 */

export interface BoundInput {
  cloud: CloudName;
  n: number;
  latencyMs: number;
  stopDelayMs: number;
  /** Calls in flight per provider. */
  concurrency: number;
  sae: { namespaces: number; batchSize: number; callsPerMinute: number };
}

export interface Bound {
  minStopCalls: number;
  minTrackCalls: number;
  lowerBoundMs: number;
  formula: string;
}

/** SAE apps per namespace when `n` apps are dealt round-robin over `k` namespaces. */
const perNamespace = (n: number, k: number) =>
  Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));

export function stopBound(b: BoundInput): Bound {
  let stop: number;
  let track: number;
  if (b.cloud === 'huawei') {
    stop = Math.ceil(b.n / 1000);
    track = stop + Math.ceil(b.n / 100); // ShowJob per job, then ListServersDetails per 100 IDs
  } else if (b.cloud === 'zenlayer') {
    stop = Math.ceil(b.n / 100);
    track = Math.ceil(b.n / 100); // DescribeInstances per 100 IDs
  } else {
    stop = perNamespace(b.n, b.sae.namespaces).reduce((a, k) => a + Math.ceil(k / b.sae.batchSize), 0);
    track = stop + b.n; // DescribeChangeOrder per order, then DescribeApplicationStatus per app
  }
  const waves = Math.ceil(stop / b.concurrency) + Math.ceil(track / b.concurrency);
  // A sliding per-minute window: beyond `limit` calls, each further block waits a full window.
  const rateMs =
    b.cloud === 'alibaba' ? Math.max(0, Math.ceil((stop + track) / b.sae.callsPerMinute) - 1) * 60_000 : 0;
  const lowerBoundMs = Math.max(waves * b.latencyMs, rateMs) + b.stopDelayMs;
  const rate =
    b.cloud !== 'alibaba'
      ? ''
      : rateMs > 0
        ? `; ${b.sae.callsPerMinute} calls/min binds: ≥ ${rateMs / 1000} s`
        : `; ${stop + track} calls < ${b.sae.callsPerMinute}/min: the limit does not bind`;
  const formula = `${b.latencyMs} ms × (⌈${stop}/${b.concurrency}⌉ + ⌈${track}/${b.concurrency}⌉) + ${b.stopDelayMs} ms${rate}`;
  return { minStopCalls: stop, minTrackCalls: track, lowerBoundMs, formula };
}
