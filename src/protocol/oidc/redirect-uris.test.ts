import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedOrigins, originAllowed, redirectUriMatches, resolveRedirectPatterns } from './redirect-uris.ts';

test('an exact redirect URI matches only itself', () => {
  const patterns = ['https://app.example.com/callback'];
  assert.equal(redirectUriMatches('https://app.example.com/callback', patterns), true);
  assert.equal(redirectUriMatches('https://app.example.com/callback?x=1', patterns), false);
  assert.equal(redirectUriMatches('https://app.example.com/callback/more', patterns), false);
});

test('a trailing * matches by prefix on the same origin only', () => {
  const patterns = ['https://app.example.com/*'];
  assert.equal(redirectUriMatches('https://app.example.com/any/path?q=1', patterns), true);
  assert.equal(redirectUriMatches('https://app.example.com.evil.test/', patterns), false);
  assert.equal(redirectUriMatches('https://app.example.com', patterns), true);
  assert.equal(redirectUriMatches('https://app.example.com@evil.test/', patterns), false);
  assert.equal(redirectUriMatches('https://app.example.com/x#frag', patterns), false);
});

test('relative redirect URIs resolve against the client root URL', () => {
  const patterns = resolveRedirectPatterns(['/realms/demo/account/*'], '${authBaseUrl}', 'https://id.example.com');
  assert.deepEqual(patterns, ['https://id.example.com/realms/demo/account/*']);
  assert.equal(redirectUriMatches('https://id.example.com/realms/demo/account/#/', patterns), false);
  assert.equal(redirectUriMatches('https://id.example.com/realms/demo/account/', patterns), true);
});

test('+ in web origins stands for the origins of the redirect URIs', () => {
  const patterns = ['https://app.example.com/*', 'http://localhost:3000/cb'];
  assert.deepEqual(allowedOrigins(['+'], patterns), ['https://app.example.com', 'http://localhost:3000']);
  assert.equal(originAllowed('https://app.example.com', ['+'], patterns), true);
  assert.equal(originAllowed('https://other.example.com', ['+'], patterns), false);
  assert.equal(originAllowed('https://anything.test', ['*'], patterns), true);
  assert.equal(originAllowed('null', ['*'], patterns), false);
});
