import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainListed, emailDomain, parseDomainList } from './email-domain-list.ts';
import { normalizeEmail } from './normalize-email.ts';
import { DisposableDomains } from './disposable-domains.ts';

describe('sign-up hygiene rules', () => {
  it('matches domains exactly, and subdomains only through a *. entry', () => {
    const list = parseDomainList('example.com, *.corp.example\n  other.test');
    assert.deepEqual(list, ['example.com', '*.corp.example', 'other.test']);
    assert.equal(domainListed('example.com', list), true);
    assert.equal(domainListed('sub.example.com', list), false);
    assert.equal(domainListed('eu.corp.example', list), true);
    assert.equal(domainListed('corp.example', list), false);
    assert.equal(domainListed('evilcorp.example', list), false);
    assert.equal(emailDomain('Pat@Mail.Example.COM'), 'mail.example.com');
  });

  it('normalises plus-addressing everywhere and dots for Gmail only', () => {
    assert.equal(normalizeEmail('Jane.Doe+news@GoogleMail.com'), 'janedoe@gmail.com');
    assert.equal(normalizeEmail('jane.doe+x@example.net'), 'jane.doe@example.net');
    assert.equal(normalizeEmail('+only@example.net'), '+only@example.net');
  });

  it('knows the bundled disposable domains and their subdomains', () => {
    const list = new DisposableDomains('/nonexistent-dir');
    assert.equal(list.has('mailinator.com'), true);
    assert.equal(list.has('x.mailinator.com'), true);
    assert.equal(list.has('example.org'), false);
  });
});
