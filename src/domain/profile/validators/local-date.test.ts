import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localDateValidator } from './local-date.ts';

describe('local-date validator', () => {
  it("accepts the short date format of the user's locale", () => {
    assert.deepEqual(localDateValidator.validate(['12/31/2024', '1/2/24'], {}, { attribute: 'since', required: false, locale: 'en-US' }), []);
    assert.deepEqual(localDateValidator.validate(['31.12.2024', '31.12.24'], {}, { attribute: 'since', required: false, locale: 'de' }), []);
  });

  it("refuses another locale's order and impossible days", () => {
    const us = { attribute: 'since', required: false, locale: 'en-US' };
    assert.deepEqual(localDateValidator.validate(['31/12/2024'], {}, us), [{ key: 'error-invalid-date', params: ['since'] }]);
    assert.equal(localDateValidator.validate(['2/30/2024'], {}, us).length, 1);
    assert.equal(localDateValidator.validate(['2024-12-31'], {}, us).length, 1);
  });

  it('falls back to English when no locale is known', () => {
    assert.deepEqual(localDateValidator.validate(['12/31/2024'], {}, { attribute: 'since', required: false }), []);
  });
});
