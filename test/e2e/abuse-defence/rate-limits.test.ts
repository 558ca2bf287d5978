import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useAbuseServers } from './abuse-servers.ts';
import { HeaderClient } from './header-client.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const web = { clientId: 'web', publicClient: true, redirectUris: [callback], directAccessGrantsEnabled: true };

const servers = useAbuseServers(
  [
    { name: 'flood', settings: { registrationAllowed: true }, clients: [web] },
    { name: 'tokens', settings: { attributes: { rateLimits: JSON.stringify({ token: { ip: { points: 5, duration: 60 } } }) } }, clients: [web], users: [{ username: 'ada', password: 'correct horse' }] },
  ],
  ['--proxy-headers', 'xforwarded'],
);

const registrationsUrl = (base: string) =>
  `${base}/realms/flood/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;

const signUp = (n: string) => ({ username: `u${n}`, email: `u${n}@example.com`, firstName: 'F', lastName: 'L', password: 'correct horse battery', 'password-confirm': 'correct horse battery' });

describe('rate limits per client address and realm', () => {
  it('answers a flood of 500 registration POSTs from one address with 429 and Retry-After, while another address still registers', async () => {
    const base = servers.urls[0]!;
    const attacker = new HeaderClient({ 'x-forwarded-for': '203.0.113.7' });
    const page = await attacker.open(registrationsUrl(base), isCallback);
    assert.equal(page.status, 200);
    const statuses: number[] = [];
    let sample: Awaited<ReturnType<HeaderClient['post']>> | undefined;
    for (let batch = 0; batch < 50; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => attacker.post(page, { ...signUp(`flood${batch}-${i}`), username: 'x', password: 'a', 'password-confirm': 'b' })));
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) sample ??= answer;
      }
    }
    const limited = statuses.filter((s) => s === 429).length;
    assert.equal(statuses.length, 500);
    // The default budget is 60 registration POSTs per address in 10 minutes.
    assert.ok(limited >= 440, `${limited} of 500 answered 429`);
    assert.ok(sample, 'a 429 page');
    assert.ok(Number(sample.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    assert.match(sample.html, /too many attempts from your network/i);
    assert.ok(sample.headers.get('content-security-policy'), 'the 429 page has the security headers');

    const person = new HeaderClient({ 'x-forwarded-for': '198.51.100.20' });
    const other = await person.open(registrationsUrl(base), isCallback);
    const done = await person.post(other, signUp('welcome'));
    const landed = done.location ? await person.open(new URL(done.location, done.url).href, isCallback) : done;
    assert.ok(landed.location && isCallback(landed.location), `registered from another address, got ${done.status} ${done.location ?? ''}`);
  });

  it('answers the token endpoint with 429 and an OAuth error once the address used its budget', async () => {
    const base = servers.urls[0]!;
    const grant = (ip: string) =>
      fetch(`${base}/realms/tokens/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'web', username: 'ada', password: 'correct horse' }),
      });
    for (let i = 0; i < 5; i++) assert.equal((await grant('192.0.2.1')).status, 200);
    const refused = await grant('192.0.2.1');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.deepEqual(await refused.json(), { error: 'temporarily_unavailable', error_description: 'Too many requests; retry later' });
    assert.equal((await grant('192.0.2.2')).status, 200, 'another address is not affected');
  });
});
