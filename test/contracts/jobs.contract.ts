import { afterEach, describe, expect, it } from 'vitest';
import type { JobData, JobHandler, JobHandlers, JobRunner } from '../../src/jobs/types.js';
import { waitUntil } from '../helpers/wait-until.js';

export interface RunnerUnderTest {
  runner: JobRunner;
  cleanup: () => Promise<void>;
}

/** make() must build a runner with attempts 3 and backoffMs about 50. */
export type RunnerFactory = () => Promise<RunnerUnderTest>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every handler records its calls; `track` runs `impl` when given. */
function recorder(impl?: JobHandler) {
  const calls: { name: string; data: JobData; at: number }[] = [];
  const make =
    (name: string, fn?: JobHandler): JobHandler =>
    async (data) => {
      calls.push({ name, data, at: Date.now() });
      await fn?.(data);
    };
  const handlers: JobHandlers = {
    stop: make('stop'),
    track: make('track', impl),
    expire: make('expire'),
    notice: make('notice'),
  };
  return { calls, handlers };
}

/** The behaviour every JobRunner must show (in-process and BullMQ alike). */
export function jobsContract(name: string, make: RunnerFactory): void {
  describe(`jobs contract: ${name}`, () => {
    let current: RunnerUnderTest | undefined;
    const open = async () => {
      current = await make();
      return current.runner;
    };
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    it('runs a job with its name and data', async () => {
      const runner = await open();
      const { calls, handlers } = recorder();
      await runner.start(handlers);
      await runner.enqueue('stop', { requestId: 'r-1' }, { id: 'stop:r-1' });
      await waitUntil(() => calls.length === 1, 5_000, 'the job');
      expect(calls[0]).toMatchObject({ name: 'stop', data: { requestId: 'r-1' } });
    });

    it('honours a delay', async () => {
      const runner = await open();
      const { calls, handlers } = recorder();
      await runner.start(handlers);
      const enqueuedAt = Date.now();
      await runner.enqueue('track', { requestId: 'r-2', round: 1 }, { id: 'track:r-2:1', delayMs: 600 });
      expect(await runner.counts()).toMatchObject({ delayed: 1 });
      await sleep(300);
      expect(calls).toHaveLength(0);
      await waitUntil(() => calls.length === 1, 5_000, 'the delayed job');
      expect((calls[0]?.at ?? 0) - enqueuedAt).toBeGreaterThanOrEqual(550);
      expect(calls[0]?.data).toEqual({ requestId: 'r-2', round: 1 });
    });

    it('runs a job once when its ID is enqueued again while it waits, is delayed or runs', async () => {
      const runner = await open();
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const { calls, handlers } = recorder(() => gate);
      await runner.enqueue('stop', { requestId: 'first' }, { id: 'stop:r-3' });
      await runner.enqueue('stop', { requestId: 'second' }, { id: 'stop:r-3' });
      await runner.enqueue('expire', { requestId: 'r-4' }, { id: 'expire:r-4', delayMs: 300 });
      await runner.enqueue('expire', { requestId: 'r-4' }, { id: 'expire:r-4' });
      await runner.enqueue('track', { requestId: 'r-5' }, { id: 'track:r-5' });
      await runner.start(handlers);
      await waitUntil(() => calls.some((c) => c.name === 'track'), 5_000, 'the track job to start');
      await runner.enqueue('track', { requestId: 'r-5', round: 2 }, { id: 'track:r-5' });
      await waitUntil(() => calls.length >= 3, 5_000, 'three jobs');
      release();
      await waitUntil(async () => (await runner.counts()).active === 0, 5_000, 'idle');
      await sleep(300);
      expect(calls.map((c) => [c.name, c.data.requestId]).sort()).toEqual([
        ['expire', 'r-4'],
        ['stop', 'first'],
        ['track', 'r-5'],
      ]);
    });

    it('retries a throwing handler with backoff until it succeeds, and gives up after the last attempt', async () => {
      const runner = await open();
      const { calls, handlers } = recorder(async (data) => {
        const tries = calls.filter((c) => c.data.requestId === data.requestId).length;
        if (data.requestId === 'always' || tries < 3) throw new Error(`try ${tries} failed`);
      });
      await runner.start(handlers);
      await runner.enqueue('track', { requestId: 'flaky' }, { id: 'track:flaky' });
      await runner.enqueue('track', { requestId: 'always' }, { id: 'track:always' });
      await waitUntil(
        () => calls.filter((c) => c.data.requestId === 'flaky').length === 3,
        10_000,
        'three tries',
      );
      await waitUntil(async () => {
        const c = await runner.counts();
        return c.active + c.delayed + c.waiting === 0;
      });
      await sleep(400);
      const flaky = calls.filter((c) => c.data.requestId === 'flaky');
      expect(flaky).toHaveLength(3);
      expect((flaky[2]?.at ?? 0) - (flaky[0]?.at ?? 0)).toBeGreaterThanOrEqual(140);
      expect(calls.filter((c) => c.data.requestId === 'always')).toHaveLength(3);
    });

    it('runs a job that failed for good again when its ID is enqueued again', async () => {
      const runner = await open();
      let healthy = false;
      const { calls, handlers } = recorder(async () => {
        if (!healthy) throw new Error('provider down');
      });
      await runner.start(handlers);
      await runner.enqueue('track', { requestId: 'r-7' }, { id: 'track:r-7' });
      await waitUntil(() => calls.length === 3, 5_000, 'three failed tries');
      await waitUntil(async () => {
        const c = await runner.counts();
        return c.active + c.delayed + c.waiting === 0;
      });
      healthy = true;
      await runner.enqueue('track', { requestId: 'r-7' }, { id: 'track:r-7' });
      await waitUntil(() => calls.length === 4, 5_000, 'the job to run again');
      await waitUntil(async () => (await runner.counts()).active === 0, 5_000, 'done');
      await sleep(200);
      expect(calls).toHaveLength(4);
    });

    it('waits for work in hand on close', async () => {
      const runner = await open();
      let finished = false;
      const { calls, handlers } = recorder(async () => {
        await sleep(400);
        finished = true;
      });
      await runner.start(handlers);
      await runner.enqueue('track', { requestId: 'r-6' }, { id: 'track:r-6' });
      await waitUntil(() => calls.length === 1, 5_000, 'the job to start');
      await runner.close();
      expect(finished).toBe(true);
    });

    it('counts waiting, delayed and active jobs', async () => {
      const runner = await open();
      expect(await runner.counts()).toEqual({ waiting: 0, active: 0, delayed: 0 });
      await runner.enqueue('stop', { requestId: 'a' }, { id: 'stop:a' });
      await runner.enqueue('stop', { requestId: 'b' }, { id: 'stop:b' });
      await runner.enqueue('expire', { requestId: 'a' }, { id: 'expire:a', delayMs: 60_000 });
      expect(await runner.counts()).toEqual({ waiting: 2, active: 0, delayed: 1 });
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const { handlers } = recorder();
      await runner.start({ ...handlers, stop: () => gate });
      await waitUntil(async () => (await runner.counts()).active === 2, 5_000, 'two active jobs');
      expect(await runner.counts()).toEqual({ waiting: 0, active: 2, delayed: 1 });
      release();
      await waitUntil(async () => (await runner.counts()).active === 0, 5_000, 'done');
      expect(await runner.counts()).toEqual({ waiting: 0, active: 0, delayed: 1 });
    });
  });
}
