import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { enqueueEmail, type EmailRequest } from '../../../src/domain/email/index.ts';
import { systemClock } from '../../../src/kernel/clock.ts';
import { silentLogger } from '../../../src/kernel/logger.ts';
import { EmailSender } from '../../../src/notify/email-sender.ts';
import type { RealmRecord } from '../../../src/storage/ports.ts';
import { freePort } from '../../support/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { emailRealm, eventually, fastRetries, useEmailServer } from './email-server.ts';

const request = (to: string, extra: Partial<EmailRequest> = {}): EmailRequest => ({
  to,
  userId: null,
  template: 'email-verification',
  subjectKey: 'emailVerificationSubject',
  attributes: { link: 'https://id.example.test/verify?key=abc&client_id=web', linkExpiration: 5, user: { username: 'ann', email: to, firstName: 'Ann', lastName: 'Lee' } },
  ...extra,
});

describe('email delivery over SMTP', () => {
  let tlsSink: SmtpSink;
  const caDir = mkdtempSync(join(tmpdir(), 'gatehouse-ca-'));
  const server = useEmailServer({
    beforeStart: async () => {
      tlsSink = await startSmtpSink({ starttls: true });
      writeFileSync(join(caDir, 'ca.pem'), tlsSink.certificate!);
    },
    flags: () => [...fastRetries, '--smtp-tls-ca-file', join(caDir, 'ca.pem')],
  });
  after(async () => {
    await tlsSink?.stop();
    rmSync(caDir, { recursive: true, force: true });
  });

  const enqueue = (realm: RealmRecord, email: EmailRequest) => server.store.transaction((tx) => enqueueEmail(tx, realm, email, systemClock));

  it('delivers an email enqueued in a transaction, multipart with From, Reply-To, subject, text and HTML', async (t) => {
    const sink = await startSmtpSink();
    try {
      const realm = await emailRealm(server.store, { displayName: 'Demo Shop', smtpServer: { ...sink.smtpSettings(), fromDisplayName: 'Demo Shop', replyTo: 'help@shop.test', replyToDisplayName: 'Shop help', envelopeFrom: 'bounces@shop.test' } });
      const started = Date.now();
      await enqueue(realm, request('ann@example.test'));
      const mail = await sink.waitForMail((m) => m.to.includes('ann@example.test'));
      const elapsed = Date.now() - started;
      assert.equal(mail.subject, 'Verify email');
      assert.equal(mail.from, 'Demo Shop <noreply@gatehouse.test>');
      assert.equal(mail.headers['reply-to'], 'Shop help <help@shop.test>');
      assert.equal(mail.envelopeFrom, 'bounces@shop.test');
      assert.match(mail.headers['content-type'] ?? '', /^multipart\/alternative/);
      assert.match(mail.text, /Someone has created a Demo Shop account/);
      assert.ok(mail.text.includes('https://id.example.test/verify?key=abc&client_id=web'));
      assert.ok(mail.html.includes('href="https://id.example.test/verify?key=abc&amp;client_id=web"'));
      assert.match(mail.raw, /charset=utf-8/i);
      assert.ok(elapsed < 5_000, `delivered after ${elapsed} ms`);
      t.diagnostic(`enqueue (other process) to SMTP sink: ${elapsed} ms`);
      const stored = await eventually(async () => {
        const [e] = await server.store.emailOutbox.list({ realmId: realm.id });
        return e?.status === 'sent' ? e : undefined;
      }, 'the email marked sent');
      assert.deepEqual([stored.transport, stored.attempts, stored.subject], ['smtp', 0, 'Verify email']);
    } finally {
      await sink.stop();
    }
  });

  it('writes German for a user whose locale is German, with a Reply-To of the sender by default', async () => {
    const sink = await startSmtpSink();
    try {
      const realm = await emailRealm(server.store, { internationalizationEnabled: true, supportedLocales: ['en', 'de'], smtpServer: sink.smtpSettings() });
      await enqueue(realm, request('jonas@example.test', { template: 'password-reset', subjectKey: 'passwordResetSubject', locale: 'de' }));
      const mail = await sink.waitForMail((m) => m.to.includes('jonas@example.test'));
      assert.equal(mail.subject, 'Passwort zurücksetzen');
      assert.match(mail.text, /Dieser Link ist 5 Minuten gültig\./);
      assert.equal(mail.headers['reply-to'], 'Gatehouse <noreply@gatehouse.test>');
    } finally {
      await sink.stop();
    }
  });

  it('sends nothing for a transaction that rolls back', async () => {
    const sink = await startSmtpSink();
    try {
      const realm = await emailRealm(server.store, { smtpServer: sink.smtpSettings() });
      await assert.rejects(
        server.store.transaction(async (tx) => {
          await enqueueEmail(tx, realm, request('ghost@example.test'), systemClock);
          throw new Error('registration failed');
        }),
      );
      await enqueue(realm, request('after@example.test'));
      await sink.waitForMail((m) => m.to.includes('after@example.test'));
      assert.deepEqual(sink.messages.map((m) => m.to[0]), ['after@example.test']);
      assert.deepEqual((await server.store.emailOutbox.list({ realmId: realm.id })).map((e) => e.recipient), ['after@example.test']);
    } finally {
      await sink.stop();
    }
  });

  it('keeps a name with a line break from adding headers', async () => {
    const sink = await startSmtpSink();
    try {
      const realm = await emailRealm(server.store, { smtpServer: { ...sink.smtpSettings(), fromDisplayName: 'Shop\r\nBcc: eve@evil.test' } });
      await server.store.realms.update({ ...realm, settings: { ...realm.settings, displayName: 'Evil\r\nX-Injected: yes' } });
      await enqueue(realm, request('safe@example.test', { template: 'executeActions', subjectKey: 'executeActionsSubject', attributes: { link: 'https://x.test', requiredActions: ['UPDATE_PASSWORD'], user: { firstName: 'Ann\r\nBcc: eve@evil.test' } } }));
      const mail = await sink.waitForMail((m) => m.to.includes('safe@example.test'));
      assert.deepEqual(mail.to, ['safe@example.test']);
      assert.equal(mail.headers.bcc, undefined);
      assert.equal(mail.headers['x-injected'], undefined);
      assert.match(mail.from, /^"?Shop Bcc: eve@evil\.test"? <noreply@gatehouse\.test>$/);
    } finally {
      await sink.stop();
    }
  });

  it('speaks STARTTLS to a server whose certificate the CA file trusts', async () => {
    const realm = await emailRealm(server.store, { smtpServer: { ...tlsSink.smtpSettings(), host: 'localhost' } });
    await enqueue(realm, request('tls@example.test'));
    const mail = await tlsSink.waitForMail((m) => m.to.includes('tls@example.test'));
    assert.equal(mail.secure, true);
  });

  it('authenticates with the realm\'s user and password, and reports a refused login without the password', async () => {
    const sink = await startSmtpSink({ auth: { user: 'mailer', pass: 'Sup3r-secret' } });
    try {
      const good = await emailRealm(server.store, { smtpServer: sink.smtpSettings() });
      await enqueue(good, request('auth@example.test'));
      assert.equal((await sink.waitForMail((m) => m.to.includes('auth@example.test'))).user, 'mailer');

      const bad = await emailRealm(server.store, { smtpServer: { ...sink.smtpSettings(), password: 'Wr0ng-secret' } });
      await enqueue(bad, { ...request('refused@example.test'), userId: 'user-1' });
      const failed = await eventually(async () => {
        const [e] = await server.store.emailOutbox.list({ realmId: bad.id });
        return e?.status === 'failed' ? e : undefined;
      }, 'a failed attempt');
      assert.match(failed.lastError ?? '', /535/);
      const [event] = await server.store.events.query(bad.id, { types: ['SEND_VERIFY_EMAIL_ERROR'] });
      assert.deepEqual([event?.error, event?.userId, event?.details.email], ['email_send_failed', 'user-1', 'refused@example.test']);
      const logged = (line: string) => line.includes('could not send an email') && line.includes('535') && line.includes(bad.name);
      await eventually(async () => (server.log().split('\n').some(logged) ? true : undefined), 'the failure in the log');
      assert.ok(!server.log().includes('Wr0ng-secret'), 'the password never reaches the log');
      assert.ok(!JSON.stringify(event).includes('Wr0ng-secret'));
    } finally {
      await sink.stop();
    }
  });

  it('delivers an email written while the SMTP server was down once it is back', async () => {
    const port = await freePort();
    const realm = await emailRealm(server.store, { smtpServer: { host: '127.0.0.1', port: String(port), from: 'noreply@gatehouse.test' } });
    await enqueue(realm, request('patient@example.test'));
    await eventually(async () => {
      const [e] = await server.store.emailOutbox.list({ realmId: realm.id });
      return e && e.attempts >= 1 ? e : undefined;
    }, 'a failed attempt');
    const [down] = await server.store.emailOutbox.list({ realmId: realm.id });
    assert.equal(down?.status, 'failed');
    assert.match(down?.lastError ?? '', /ECONNREFUSED/);
    const sink = await startSmtpSink({ port });
    try {
      const mail = await sink.waitForMail((m) => m.to.includes('patient@example.test'), 20_000);
      assert.equal(mail.subject, 'Verify email');
      await new Promise((r) => setTimeout(r, 2_500));
      assert.equal(sink.messages.length, 1, 'delivered once');
      await eventually(async () => ((await server.store.emailOutbox.list({ realmId: realm.id }))[0]?.status === 'sent' ? true : undefined), 'the email marked sent');
    } finally {
      await sink.stop();
    }
  });

  it('shares the outbox with a second node on the same database without sending any email twice', async () => {
    const sink = await startSmtpSink();
    // The test process is the second node: its own sender, its own connection to the server's database.
    const secondNode = new EmailSender({
      store: server.store,
      clock: systemClock,
      logger: silentLogger,
      devMode: false,
      retry: { initialDelayMs: 1_000, maxDelayMs: 2_000, periodMs: 60_000 },
      trust: { rejectUnauthorized: true },
      batchSize: 2,
      pollIntervalMs: 200,
    });
    secondNode.start();
    try {
      const realm = await emailRealm(server.store, { smtpServer: sink.smtpSettings() });
      const recipients = Array.from({ length: 20 }, (_, i) => `node${i}@example.test`);
      for (const to of recipients) await enqueue(realm, request(to));
      await Promise.all(recipients.map((to) => sink.waitForMail((m) => m.to.includes(to), 30_000)));
      await new Promise((r) => setTimeout(r, 2_000));
      assert.deepEqual(sink.messages.map((m) => m.to[0]).sort(), [...recipients].sort());
    } finally {
      await secondNode.stop();
      await sink.stop();
    }
  });

  it('refuses an untrusted certificate and says so', async () => {
    const untrusted = await startSmtpSink({ starttls: true });
    try {
      const realm = await emailRealm(server.store, { smtpServer: untrusted.smtpSettings() });
      await enqueue(realm, request('mitm@example.test'));
      const failed = await eventually(async () => {
        const [e] = await server.store.emailOutbox.list({ realmId: realm.id });
        return e?.status === 'failed' ? e : undefined;
      }, 'a failed attempt');
      assert.match(failed.lastError ?? '', /certificate/i);
      assert.equal(untrusted.messages.length, 0);
    } finally {
      await untrusted.stop();
    }
  });
});
