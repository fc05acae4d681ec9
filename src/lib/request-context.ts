import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of async work belongs to, so that provider calls made
 * deep inside an adapter land in that request's audit trail and log lines.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export function withRequest<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
