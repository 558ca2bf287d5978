import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueEmail } from '../../../src/domain/email/index.ts';
import { systemClock } from '../../../src/kernel/clock.ts';
import { freePort } from '../../support/server-process.ts';
import { startSmtpSink } from '../../support/smtp-sink.ts';
import { emailRealm, eventually, fastRetries, useEmailServer } from './email-server.ts';

describe('email delivery across a crash', () => {
  // This server accepts any certificate: the sink below presents a self-signed one.
  const server = useEmailServer({ flags: () => [...fastRetries, '--smtp-tls-reject-unauthorized=false'] });

  it('delivers, exactly once, an email the killed server could not send, after it restarts', async () => {
    const port = await freePort();
    const realm = await emailRealm(server.store, { smtpServer: { host: '127.0.0.1', port: String(port), from: 'noreply@gatehouse.test', starttls: 'true' } });
    await server.store.transaction((tx) =>
      enqueueEmail(tx, realm, { to: 'crash@example.test', template: 'password-reset', subjectKey: 'passwordResetSubject', attributes: { link: 'https://id.example.test/reset?key=k', linkExpiration: 5 } }, systemClock),
    );
    await eventually(async () => ((await server.store.emailOutbox.list({ realmId: realm.id }))[0]?.status === 'failed' ? true : undefined), 'a failed attempt while SMTP is down');

    await server.killAndRestart();
    const sink = await startSmtpSink({ port, starttls: true });
    try {
      const mail = await sink.waitForMail((m) => m.to.includes('crash@example.test'), 30_000);
      assert.equal(mail.subject, 'Reset password');
      assert.equal(mail.secure, true, 'over STARTTLS with the self-signed certificate accepted');
      await eventually(async () => ((await server.store.emailOutbox.list({ realmId: realm.id }))[0]?.status === 'sent' ? true : undefined), 'the email marked sent');
      // Several poll rounds later, still one message.
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(sink.messages.length, 1);
    } finally {
      await sink.stop();
    }
  });
});
