import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uriValidator } from './uri.ts';

const context = { attribute: 'website', required: false };

describe('uri validator', () => {
  it('accepts http and https addresses', () => {
    assert.deepEqual(uriValidator.validate(['https://example.com/a?b=c#d', 'http://localhost:8080'], {}, context), []);
  });

  it('refuses text that is not an address', () => {
    assert.deepEqual(uriValidator.validate(['not a url'], {}, context), [{ key: 'error-invalid-uri', params: ['website', 'not a url'] }]);
    assert.deepEqual(uriValidator.validate(['/relative/path'], {}, context), [{ key: 'error-invalid-uri', params: ['website', '/relative/path'] }]);
  });

  it('refuses a scheme outside the allowed ones, naming it', () => {
    assert.deepEqual(uriValidator.validate(['javascript:alert(1)'], {}, context), [{ key: 'error-invalid-uri-scheme', params: ['website', 'javascript:alert(1)', 'javascript'] }]);
    assert.deepEqual(uriValidator.validate(['ftp://files.example.com'], { allowedSchemes: ['ftp'] }, context), []);
  });

  it('refuses a fragment when fragments are not allowed', () => {
    assert.deepEqual(uriValidator.validate(['https://example.com/#top'], { allowFragment: false }, context), [
      { key: 'error-invalid-uri-fragment', params: ['website', 'https://example.com/#top', 'top'] },
    ]);
  });

  it('accepts a relative reference when a valid URL is not required', () => {
    assert.deepEqual(uriValidator.validate(['/relative/path'], { requireValidUrl: false }, context), []);
  });
});
