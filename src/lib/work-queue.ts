/**
 * Work that may wait a little, run a few at a time, first come first served.
 * Used for what a slash command does after its ack: under a burst the acks go
 * out at once and the slower work queues here instead of crowding the event
 * loop, so no ack is held up behind another command's pre-flight.
 */
export interface WorkQueue {
  /** Queue `task`; the returned promise settles when it has run. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running. */
  readonly size: number;
  /** Resolves once every task queued so far has settled. */
  drain(): Promise<void>;
}

export function createWorkQueue(concurrency: number): WorkQueue {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be ≥ 1');
  const waiting: (() => void)[] = [];
  let running = 0;
  let idle: (() => void)[] = [];

  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      running += 1;
      waiting.shift()?.();
    }
    if (running === 0 && waiting.length === 0) {
      for (const resolve of idle) resolve();
      idle = [];
    }
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              running -= 1;
              next();
            });
        });
        // Start on a later turn, so the caller (the ack) finishes first.
        setImmediate(next);
      });
    },
    get size() {
      return running + waiting.length;
    },
    drain() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
