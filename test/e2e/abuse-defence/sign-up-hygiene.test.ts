import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { Browserless, textOf, type Visit } from '../../support/browserless.ts';
import { useAbuseServers } from './abuse-servers.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const web = { clientId: 'web', publicClient: true, redirectUris: [callback] };
const open = { registrationAllowed: true, eventsEnabled: true };

const servers = useAbuseServers(
  [
    {
      name: 'hygiene',
      settings: {
        ...open,
        attributes: {
          registrationEmailDomainDenyList: 'spam.example, *.bad.example',
          registrationBlockDisposableEmail: 'true',
          registrationEmailNormalization: 'true',
        },
      },
      clients: [web],
    },
    { name: 'allow', settings: { ...open, attributes: { registrationEmailDomainAllowList: '*.corp.example' } }, clients: [web] },
    { name: 'patient', settings: { ...open, attributes: { registrationMinSubmitSeconds: '2' } }, clients: [web] },
  ],
  [],
);

const registrationsUrl = (realm: string) =>
  `${servers.urls[0]}/realms/${realm}/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;

let n = 0;
async function signUp(realm: string, email: string, extra: Record<string, string> = {}, wait = 0): Promise<{ page: Visit; done: Visit; username: string }> {
  n += 1;
  const browser = new Browserless();
  const page = await browser.open(registrationsUrl(realm), isCallback);
  if (wait) await sleep(wait);
  const username = `person${n}`;
  const done = await browser.submit(page, { username, email, firstName: 'Pat', lastName: 'Doe', password: 'correct horse battery', 'password-confirm': 'correct horse battery', ...extra }, isCallback);
  return { page, done, username };
}

async function refusedWith(realm: string, result: { done: Visit; username: string }, error: string, field: string): Promise<string> {
  assert.equal(result.done.status, 200, `refused, got ${result.done.status} ${result.done.location ?? ''}`);
  const message = textOf(result.done.html, `input-error-${field}`);
  assert.ok(message, `a message at ${field}`);
  const realmId = (await servers.store.realms.findByName(realm))!.id;
  assert.equal(await servers.store.users.count(realmId, { username: result.username, exact: true }), 0);
  const events = await servers.store.events.query(realmId, { types: ['REGISTER_ERROR'] });
  assert.ok(events.some((e) => e.error === error), `REGISTER_ERROR ${error}`);
  return message;
}

const registered = (result: { done: Visit }) => assert.ok(result.done.location && isCallback(result.done.location), `registered, got ${result.done.status}: ${textOf(result.done.html, 'input-error-email') ?? ''}`);

describe('sign-up hygiene per realm', () => {
  it('refuses denied domains and their wildcard subdomains, and says so at the email', async () => {
    const denied = await refusedWith('hygiene', await signUp('hygiene', 'pat@spam.example'), 'email_domain_denied', 'email');
    assert.match(denied, /cannot be used to sign up here/);
    await refusedWith('hygiene', await signUp('hygiene', 'pat@mail.bad.example'), 'email_domain_denied', 'email');
    registered(await signUp('hygiene', 'pat@bad.example.org'));
  });

  it('accepts only allowed domains when the realm has an allow list', async () => {
    await refusedWith('allow', await signUp('allow', 'pat@elsewhere.example'), 'email_domain_denied', 'email');
    registered(await signUp('allow', 'pat@eu.corp.example'));
  });

  it('refuses disposable-address domains from the bundled list, and from the data-dir file once it is written, without a restart', async () => {
    const message = await refusedWith('hygiene', await signUp('hygiene', 'pat@mailinator.com'), 'disposable_email', 'email');
    assert.match(message, /temporary email services/);
    registered(await signUp('hygiene', 'first@throwaway.example'));
    writeFileSync(join(servers.dataDir, 'disposable-email-domains.txt'), '# our own list\nthrowaway.example\n');
    await sleep(2_500);
    await refusedWith('hygiene', await signUp('hygiene', 'second@throwaway.example'), 'disposable_email', 'email');
  });

  it('compares emails on their normalised form: plus-addressing and Gmail dots find the same mailbox', async () => {
    registered(await signUp('hygiene', 'Jane.Doe@gmail.com'));
    const again = await signUp('hygiene', 'janedoe+signup@googlemail.com');
    assert.equal(again.done.status, 200);
    assert.equal(textOf(again.done.html, 'input-error-email'), 'Email already exists.');
    registered(await signUp('hygiene', 'jane.doe+x@example.net'));
    const plus = await signUp('hygiene', 'Jane.Doe@example.net');
    assert.equal(textOf(plus.done.html, 'input-error-email'), 'Email already exists.');
  });

  it('has a honeypot field hidden from people; filling it refuses the sign-up with a neutral message', async () => {
    const { page } = await signUp('hygiene', 'x@nowhere.example');
    const field = /<div class="gh-hp" aria-hidden="true">[\s\S]*?<input[^>]*name="homepage_url"[^>]*>/.exec(page.html)?.[0];
    assert.ok(field, 'the honeypot is in the form, inside an aria-hidden box');
    assert.match(field, /tabindex="-1"/);
    assert.match(field, /autocomplete="off"/);
    const caught = await refusedWith('hygiene', await signUp('hygiene', 'bot@nowhere.example', { homepage_url: 'http://spam.example' }), 'honeypot', 'registration');
    assert.match(caught, /could not accept this sign-up/);
    assert.doesNotMatch(caught, /field|honeypot|fast/i, 'nothing tells a script what caught it');
  });

  it('refuses a form submitted sooner after it was shown than the realm allows, and accepts a patient one', async () => {
    await refusedWith('patient', await signUp('patient', 'quick@example.com'), 'submitted_too_fast', 'registration');
    registered(await signUp('patient', 'patient@example.com', {}, 2_200));
  });
});
