/**
 * Per-request batching: calls made with the same key while one round of resolvers runs are
 * answered together by one call of `run`. graphql-js resolves the same field for every row of
 * a list one after the other, without yielding, so a field under a list of 50 parents sees all
 * 50 calls before the batch is dispatched (after the promise jobs already queued, as DataLoader
 * does). Batches live per request context, so nothing is shared between requests.
 */

interface Batch<Item, Result> {
  items: Item[];
  waiting: { resolve: (result: Result) => void; reject: (error: unknown) => void }[];
  run: BatchRun<Item, Result>;
}

type BatchRun<Item, Result> = (items: readonly Item[]) => readonly Result[] | Promise<readonly Result[]>;

const batchesByRequest = new WeakMap<object, Map<string, Batch<unknown, unknown>>>();

/**
 * Adds `item` to the request's open batch under `key` and resolves with its result. `run` gets
 * every item of the batch in call order and returns one result per item, in the same order;
 * when it throws, every caller of the batch gets the error. The first call's `run` serves the
 * batch, so a key must name everything `run` depends on besides the items.
 */
export function loadInBatch<Item, Result>(
  request: object,
  key: string,
  item: Item,
  run: BatchRun<Item, Result>,
): Promise<Result> {
  let batches = batchesByRequest.get(request);
  if (!batches) {
    batches = new Map();
    batchesByRequest.set(request, batches);
  }
  let batch = batches.get(key) as Batch<Item, Result> | undefined;
  if (!batch) {
    const opened: Batch<Item, Result> = { items: [], waiting: [], run };
    batches.set(key, opened as Batch<unknown, unknown>);
    const open = batches;
    // After the promise jobs queued so far: parents that arrive from already settled promises
    // still join this batch.
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        open.delete(key);
        void dispatch(opened);
      }),
    );
    batch = opened;
  }
  batch.items.push(item);
  return new Promise<Result>((resolve, reject) => {
    (batch as Batch<Item, Result>).waiting.push({ resolve, reject });
  });
}

async function dispatch<Item, Result>(batch: Batch<Item, Result>) {
  let results: readonly Result[];
  try {
    results = await batch.run(batch.items);
    if (results.length !== batch.items.length)
      throw new Error(`A batch of ${batch.items.length} items returned ${results.length} results.`);
  } catch (error) {
    for (const { reject } of batch.waiting) reject(error);
    return;
  }
  batch.waiting.forEach(({ resolve }, i) => {
    resolve(results[i] as Result);
  });
}
