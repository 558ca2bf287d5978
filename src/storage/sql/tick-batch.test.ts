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

test('a large batch is split into parts of at most maxBatch calls', async () => {
  const { double, batches } = recordingBatcher(2);
  assert.deepEqual(await Promise.all([double(1), double(2), double(3)]), [2, 4, 6]);
  assert.deepEqual(batches, [[1, 2], [3]]);
});

test('a failed batch is answered call by call, so only the call at fault fails', async () => {
  const batches: number[][] = [];
  const refuseThree = batchPerTick(async (calls: readonly number[]) => {
    batches.push([...calls]);
    if (calls.includes(3)) throw new Error('refused 3');
    return calls.map((n) => n * 2);
  });
  const results = await Promise.allSettled([refuseThree(1), refuseThree(3), refuseThree(2)]);
  assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [2, 'refused 3', 4]);
  assert.deepEqual(batches, [[1, 3, 2], [1], [3], [2]]);
});
