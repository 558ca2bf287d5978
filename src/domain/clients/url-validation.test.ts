import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientUrlProblems } from './url-validation.ts';

describe('client URL rules', () => {
  it('accepts what Keycloak accepts: wildcards, relative URIs, custom schemes and its placeholders', () => {
    assert.deepEqual(clientUrlProblems({ rootUrl: '${authBaseUrl}', baseUrl: '/realms/x/account/', redirectUris: ['/realms/x/account/*', 'https://app.example/*', 'com.example.app:/cb', '*'] }), []);
    assert.deepEqual(clientUrlProblems({}), []);
  });

  it("refuses script schemes, fragments and malformed URLs with Keycloak's messages", () => {
    assert.deepEqual(clientUrlProblems({ redirectUris: ['javascript:alert(1)'] }), ['A redirect URI uses an illegal scheme']);
    assert.deepEqual(clientUrlProblems({ redirectUris: ['data:text/html,hi'] }), ['A redirect URI uses an illegal scheme']);
    assert.deepEqual(clientUrlProblems({ redirectUris: ['https://app.example/cb#frag'] }), ['Redirect URIs must not contain an URI fragment']);
    assert.deepEqual(clientUrlProblems({ rootUrl: 'not a url' }), ['Root URL is not a valid URL']);
    assert.deepEqual(clientUrlProblems({ rootUrl: 'https://app.example/#x' }), ['Root URL must not contain an URL fragment']);
    assert.deepEqual(clientUrlProblems({ baseUrl: 'JavaScript:void(0)' }), ['Base URL uses an illegal scheme']);
  });
});
