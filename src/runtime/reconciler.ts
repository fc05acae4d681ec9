import { describeError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Workflow } from '../workflow/workflow.js';

export interface Reconciler {
  /** One pass now (awaited), then one every `everyMs`. */
  start(): Promise<void>;
  /** No more passes; waits for one in progress. */
  stop(): Promise<void>;
}

/** Runs workflow.reconcile() at startup and on a timer, one pass at a time. */
export function startReconciler(workflow: Workflow, logger: Logger, everyMs: number): Reconciler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= workflow
      .reconcile()
      .then(
        ({ checked, failed }) => logger.debug({ checked, failed }, 'reconciled active requests'),
        (err: unknown) =>
          logger.warn({ err: describeError(err) }, 'reconcile pass failed; next pass will retry'),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    async start() {
      await pass();
      timer = setInterval(pass, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
