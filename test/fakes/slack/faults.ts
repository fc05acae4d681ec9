import type { Fault, HttpAnswer } from './types.js';

/** Queued one-shot failures per method (`failNext`). */
export class FaultQueue {
  private readonly queues = new Map<string, Fault[]>();

  add(method: string, fault: Fault, times: number): void {
    const queue = this.queues.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.queues.set(method, queue);
  }

  take(method: string): Fault | undefined {
    const queue = this.queues.get(method);
    const fault = queue?.shift();
    if (queue && queue.length === 0) this.queues.delete(method);
    return fault;
  }

  clear(): void {
    this.queues.clear();
  }
}

export function rateLimitedAnswer(retryAfterSec: number): HttpAnswer {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSec) },
    body: { ok: false, error: 'ratelimited' },
  };
}

export function faultAnswer(fault: Fault): HttpAnswer {
  if (fault.status === 429) return rateLimitedAnswer(fault.retryAfterSec ?? 1);
  if (fault.status !== undefined) {
    return { status: fault.status, body: { ok: false, error: fault.error ?? 'internal_error' } };
  }
  return { status: 200, body: { ok: false, error: fault.error ?? 'internal_error' } };
}
