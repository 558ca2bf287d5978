import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatehouseError } from '../../../kernel/errors.ts';
import { attributesAt, boolAt, importProblem, stringsAt, unknownFields } from './import-problem.ts';

describe('import: reading a representation', () => {
  it('makes a 400 whose message starts with the path', () => {
    const error = importProblem('users[12].credentials[0]', 'unknown algorithm "md5"');
    assert.ok(isGatehouseError(error, 'GH_INVALID_INPUT'));
    assert.equal(error.message, 'users[12].credentials[0]: unknown algorithm "md5"');
    assert.equal(error.status, 400);
  });

  it('reads attributes, booleans and string lists leniently, and names a wrong type', () => {
    assert.deepEqual(attributesAt({ a: 'x', b: ['y', 'z'], c: null }, 'attributes'), { a: ['x'], b: ['y', 'z'] });
    assert.equal(boolAt('true', 'enabled'), true);
    assert.throws(() => boolAt('yes', 'users[0].enabled'), { message: 'users[0].enabled: expected a boolean' });
    assert.throws(() => stringsAt('x', 'defaultGroups'), { message: 'defaultGroups: expected an array' });
  });

  it('keeps the fields it does not know', () => {
    assert.deepEqual(unknownFields({ id: 1, totp: false, origin: 'x' }, new Set(['id'])), { totp: false, origin: 'x' });
  });
});
