import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueEmail } from '../../../src/domain/email/index.ts';
import { systemClock } from '../../../src/kernel/clock.ts';
import type { RealmRecord, Store } from '../../../src/storage/ports.ts';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../../support/browser.ts';
import { httpGet } from '../../support/server-process.ts';
import { emailRealm, eventually, useEmailServer } from './email-server.ts';

interface DevMail { id: string; realm: string; to: string; subject: string; sentAt: string; text: string; html: string }

const enqueue = (store: Store, realm: RealmRecord, to: string, link: string) =>
  store.transaction((tx) =>
    enqueueEmail(tx, realm, { to, template: 'email-verification', subjectKey: 'emailVerificationSubject', attributes: { link, linkExpiration: 5, user: { firstName: '<Ann>' } } }, systemClock),
  );

describe('the dev outbox in development mode', () => {
  const server = useEmailServer();

  it('keeps emails of a realm without an SMTP server, lists them newest first, logs their links, and survives a restart', async () => {
    const realm = await emailRealm(server.store, { smtpServer: { from: 'noreply@gatehouse.test' } });
    await enqueue(server.store, realm, 'first@example.test', 'https://id.example.test/verify?key=first');
    const mails = async () => JSON.parse((await httpGet(server.port, '/dev/mail.json')).body) as DevMail[];
    await eventually(async () => ((await mails()).some((m) => m.to === 'first@example.test') ? true : undefined), 'the first email in the dev outbox');
    await enqueue(server.store, realm, 'second@example.test', 'https://id.example.test/verify?key=second');
    await eventually(async () => ((await mails()).some((m) => m.to === 'second@example.test') ? true : undefined), 'the second email');

    const listed = (await mails()).filter((m) => m.realm === realm.name);
    assert.deepEqual(listed.map((m) => m.to), ['second@example.test', 'first@example.test']);
    assert.equal(listed[0]?.subject, 'Verify email');
    assert.ok(listed[0]?.text.includes('https://id.example.test/verify?key=second'));
    assert.ok(listed[0]?.html.includes('&lt;Ann&gt;'));
    assert.ok(!Number.isNaN(Date.parse(listed[0]?.sentAt ?? '')));

    const line = await eventually(async () => server.log().split('\n').find((l) => l.includes('dev outbox') && l.includes('second@example.test')), 'the log line');
    assert.ok(line.includes('https://id.example.test/verify?key=second'), 'the log names the links');
    assert.ok(!line.includes('Someone has created'), 'but not the body');

    const page = await httpGet(server.port, '/dev/mail');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.ok(page.body.indexOf('second@example.test') < page.body.indexOf('first@example.test'), 'newest first');
    assert.match(page.body, /<iframe sandbox="" [^>]*srcdoc="&lt;!DOCTYPE html&gt;/);
    assert.ok(!page.body.includes('<Ann>'), 'the page escapes what the email holds');
    assert.match(page.body, /<pre>[^<]*https:\/\/id\.example\.test\/verify\?key=second/);

    const browser = await launchBrowser();
    try {
      // Tall enough for both emails: Chromium paints frames outside the viewport blank in a full-page shot.
      const tab = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
      await tab.goto(`${server.baseUrl}/dev/mail`);
      const frame = tab.frameLocator(`#mail-${listed[0]!.id} iframe`);
      await frame.getByRole('link', { name: 'Verify email address' }).waitFor();
      assert.equal(await frame.getByRole('link', { name: 'Verify email address' }).getAttribute('href'), 'https://id.example.test/verify?key=second');
      await tab.frameLocator(`#mail-${listed[1]!.id} iframe`).getByRole('link', { name: 'Verify email address' }).waitFor();
      await tab.screenshot({ path: fileURLToPath(new URL('./screenshots/dev-outbox.png', import.meta.url)), fullPage: true });
    } finally {
      await browser.close();
    }

    await server.killAndRestart();
    assert.deepEqual((await mails()).filter((m) => m.realm === realm.name).map((m) => m.to), ['second@example.test', 'first@example.test']);
  });
});

describe('the dev outbox in production mode', () => {
  const server = useEmailServer({ command: 'start', flags: () => ['--email-retry-initial-delay', '1'] });

  it('does not exist, and an email without an SMTP server waits for one', async () => {
    assert.equal((await httpGet(server.port, '/dev/mail')).status, 404);
    assert.equal((await httpGet(server.port, '/dev/mail.json')).status, 404);
    const realm = await emailRealm(server.store);
    await enqueue(server.store, realm, 'prod@example.test', 'https://id.example.test/verify?key=prod');
    const failed = await eventually(async () => {
      const [e] = await server.store.emailOutbox.list({ realmId: realm.id });
      return e?.status === 'failed' ? e : undefined;
    }, 'a failed attempt');
    assert.match(failed.lastError ?? '', /no SMTP server configured/);
    assert.equal(failed.transport, null);
  });
});
