import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newTimeOrderedId } from './ids.ts';

test('time-ordered ids made in one millisecond sort in the order they were made', () => {
  const ids = Array.from({ length: 5000 }, () => newTimeOrderedId(1_800_000_000_000));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  assert.match(ids[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(newTimeOrderedId(1_900_000_000_000) > ids[ids.length - 1]!, 'a later millisecond sorts after');
});
