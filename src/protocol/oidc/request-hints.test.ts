import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepRead, newRequestHints, readOnce, requestHints } from './request-hints.ts';

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

test('within one engine request a key is read once and shared, also by reads that overlap', async () => {
  const user = counter();
  await requestHints.run(newRequestHints(true), async () => {
    const [a, b] = await Promise.all([readOnce('user:1', user.load), readOnce('user:1', user.load)]);
    assert.equal(await readOnce('user:1', user.load), 1);
    assert.deepEqual([a, b], [1, 1]);
  });
  assert.equal(user.calls(), 1);
});

test('each engine request reads for itself, and outside one every call reads', async () => {
  const user = counter();
  await requestHints.run(newRequestHints(true), () => readOnce('user:1', user.load));
  await requestHints.run(newRequestHints(true), () => readOnce('user:1', user.load));
  await readOnce('user:1', user.load);
  await readOnce('user:1', user.load);
  assert.equal(user.calls(), 4);
});

test('a failed read is not kept: the next one tries again', async () => {
  await requestHints.run(newRequestHints(true), async () => {
    await assert.rejects(readOnce('user:1', () => Promise.reject(new Error('database gone'))), /database gone/);
    assert.equal(await readOnce('user:1', async () => 'found'), 'found');
  });
});

test('a value kept by a check is what later reads get, without loading', async () => {
  const user = counter();
  await requestHints.run(newRequestHints(true), async () => {
    keepRead('user:1', 'kept');
    assert.equal(await readOnce('user:1', user.load), 'kept');
  });
  assert.equal(user.calls(), 0);
  keepRead('user:1', 'outside a request this keeps nothing');
  assert.equal(await readOnce('user:1', user.load), 1);
});
