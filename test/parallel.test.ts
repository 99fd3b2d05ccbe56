/** The pool of files in flight: bounded, results in input order, a failure stops new work. */
import { describe, expect, it } from 'vitest';
import { defaultJobs, mapInOrder } from '../src/parallel.js';
import { availableParallelism } from 'node:os';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapInOrder', () => {
  it('at most `limit` at once; results in input order though they finish in another', async () => {
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    const out = await mapInOrder([30, 5, 20, 1, 10], 2, async (ms, i) => {
      most = Math.max(most, ++running);
      await tick(ms);
      running--;
      finished.push(i);
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20]);
    expect(most).toBe(2);
    expect(finished).not.toEqual([0, 1, 2, 3, 4]);
  });

  it('after a failure no further item starts; the running ones end first; the first failure is thrown', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const run = mapInOrder([0, 1, 2, 3, 4, 5], 2, async (_, i) => {
      started.push(i);
      await tick(i === 1 ? 1 : 20);
      if (i === 1) throw new Error('bad 1');
      ended.push(i);
    });
    await expect(run).rejects.toThrow('bad 1');
    expect(started).toEqual([0, 1]);
    expect(ended).toEqual([0]);
  });
});

describe('defaultJobs', () => {
  it('every core for static checks; never more than the cores, never fewer than one', () => {
    expect(defaultJobs(1, false)).toBe(availableParallelism());
    expect(defaultJobs(3, true)).toBeGreaterThanOrEqual(1);
    expect(defaultJobs(1, true)).toBeLessThanOrEqual(availableParallelism());
    expect(defaultJobs(10_000, true)).toBe(1);
  });
});
