import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../src/lib/work-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('work queue', () => {
  it('runs at most `concurrency` tasks at once, first come first served, and drains', async () => {
    const q = createWorkQueue(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      return i * 10;
    };
    const results = Promise.all([1, 2, 3, 4, 5].map((i) => q.run(task(i))));
    expect(q.size).toBe(5);
    await q.drain();
    expect(await results).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(q.size).toBe(0);
  });

  it('starts nothing in the caller’s turn, and a failing task rejects only its own promise', async () => {
    const q = createWorkQueue(1);
    let ran = false;
    const failing = q.run(async () => {
      ran = true;
      throw new Error('boom');
    });
    expect(ran).toBe(false);
    const next = q.run(async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => createWorkQueue(0)).toThrow(RangeError);
  });
});
