import { describe, expect, it } from 'vitest';
import { loadInBatch } from '../src/request-batch.js';

describe('per-request batches', () => {
  it('when calls with one key arrive together, then one run answers them all, each with its own result', async () => {
    const runs: number[][] = [];
    const request = {};
    const double = (items: readonly number[]) => {
      runs.push([...items]);
      return items.map((n) => n * 2);
    };
    const results = await Promise.all([1, 2, 3].map((n) => loadInBatch(request, 'double', n, double)));
    expect(results).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('when calls arrive from promise jobs already queued, then they still join the batch', async () => {
    const runs: string[][] = [];
    const request = {};
    const echo = (items: readonly string[]) => {
      runs.push([...items]);
      return items;
    };
    const first = loadInBatch(request, 'echo', 'a', echo);
    const later = Promise.resolve().then(() => loadInBatch(request, 'echo', 'b', echo));
    expect(await Promise.all([first, later])).toEqual(['a', 'b']);
    expect(runs).toEqual([['a', 'b']]);
  });

  it('when keys or requests differ, then their calls are never batched together; a later call opens a new batch', async () => {
    const runs: string[][] = [];
    const echo = (items: readonly string[]) => {
      runs.push([...items]);
      return items;
    };
    const one = {};
    const other = {};
    await Promise.all([
      loadInBatch(one, 'a', 'one-a', echo),
      loadInBatch(one, 'b', 'one-b', echo),
      loadInBatch(other, 'a', 'other-a', echo),
    ]);
    await loadInBatch(one, 'a', 'one-a again', echo);
    expect(runs).toEqual([['one-a'], ['one-b'], ['other-a'], ['one-a again']]);
  });

  it('when the run fails or answers the wrong number of items, then every caller of the batch gets an error', async () => {
    const request = {};
    const failing = () => {
      throw new Error('database gone');
    };
    const messages = async (calls: Promise<unknown>[]) =>
      (await Promise.allSettled(calls)).map((outcome) =>
        outcome.status === 'rejected' ? (outcome.reason as Error).message : 'fulfilled',
      );
    expect(await messages([1, 2].map((n) => loadInBatch(request, 'fail', n, failing)))).toEqual([
      'database gone',
      'database gone',
    ]);
    expect(await messages([1, 2].map((n) => loadInBatch(request, 'short', n, () => [n])))).toEqual([
      'A batch of 2 items returned 1 results.',
      'A batch of 2 items returned 1 results.',
    ]);
  });
});
