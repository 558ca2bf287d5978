import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchPerTick } from './tick-batch.ts';

function recordingBatcher(maxBatch?: number) {
  const batches: number[][] = [];
  const double = batchPerTick(async (calls: readonly number[]) => {
    batches.push([...calls]);
    return calls.map((n) => n * 2);
  }, maxBatch);
  return { double, batches };
}

test('calls made in the same turn of the event loop are answered by one batch, each with its own answer', async () => {
  const { double, batches } = recordingBatcher();
  assert.deepEqual(await Promise.all([double(1), double(2), double(3)]), [2, 4, 6]);
  assert.deepEqual(batches, [[1, 2, 3]]);
});

test('a call of a later turn gets a batch of its own', async () => {
  const { double, batches } = recordingBatcher();
  assert.equal(await double(1), 2);
  assert.equal(await double(2), 4);
  assert.deepEqual(batches, [[1], [2]]);
});

test('calls made by separate callbacks of one turn share a batch', async () => {
  const { double, batches } = recordingBatcher();
  // Two callbacks queued together run in the same phase of one turn, before the batch is flushed.
  const answers = await Promise.all([1, 2].map((n) => new Promise<number>((resolve) => setImmediate(() => resolve(double(n))))));
  assert.deepEqual(answers, [2, 4]);
  assert.deepEqual(batches, [[1, 2]]);
});

test('a large batch is split, and a failure reaches every caller of its part', async () => {
  const { double, batches } = recordingBatcher(2);
  assert.deepEqual(await Promise.all([double(1), double(2), double(3)]), [2, 4, 6]);
  assert.deepEqual(batches, [[1, 2], [3]]);
  const failing = batchPerTick(async () => {
    throw new Error('connection lost');
  });
  const results = await Promise.allSettled([failing(1), failing(2)]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
});
