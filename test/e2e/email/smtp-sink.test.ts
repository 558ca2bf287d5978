import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';

/** The test SMTP server that every email test reads from must see what a mail client sees. */
describe('the test SMTP sink', () => {
  const send = (sink: SmtpSink, extra: Record<string, unknown>, mail: Record<string, unknown>) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ...extra }).sendMail({
      from: { name: 'Jörg Gatehouse', address: 'noreply@gatehouse.test' },
      to: 'ann@example.test',
      ...mail,
    });

  it('captures a multipart/alternative UTF-8 message with its headers and both bodies', async () => {
    const sink = await startSmtpSink();
    try {
      await send(sink, { ignoreTLS: true }, {
        subject: 'Bestätigen Sie Ihre E-Mail-Adresse – ein sehr langer Betreff, der über mehrere Zeilen gefaltet wird',
        text: 'Hallo Änne,\nklicken Sie: https://id.example.test/a?b=1&c=2 — danke.\n'.repeat(3),
        html: '<p>Hallo Änne, <a href="https://id.example.test/a?b=1&amp;c=2">bestätigen</a></p>',
        replyTo: 'help@gatehouse.test',
      });
      const mail = await sink.waitForMail((m) => m.to.includes('ann@example.test'));
      assert.equal(mail.subject, 'Bestätigen Sie Ihre E-Mail-Adresse – ein sehr langer Betreff, der über mehrere Zeilen gefaltet wird');
      assert.match(mail.from, /^"?Jörg Gatehouse"? <noreply@gatehouse\.test>$/);
      assert.equal(mail.headers['reply-to'], 'help@gatehouse.test');
      assert.match(mail.headers['content-type'] ?? '', /^multipart\/alternative/);
      assert.equal(mail.text, 'Hallo Änne,\nklicken Sie: https://id.example.test/a?b=1&c=2 — danke.\n'.repeat(3));
      assert.equal(mail.html, '<p>Hallo Änne, <a href="https://id.example.test/a?b=1&amp;c=2">bestätigen</a></p>');
      assert.equal(mail.envelopeFrom, 'noreply@gatehouse.test');
      assert.equal(mail.secure, false);
    } finally {
      await sink.stop();
    }
  });

  it('decodes base64 parts', async () => {
    const sink = await startSmtpSink();
    try {
      await send(sink, { ignoreTLS: true }, { subject: 'b64', text: 'ünïcödé ✓', textEncoding: 'base64' });
      const mail = await sink.waitForMail((m) => m.subject === 'b64');
      assert.match(mail.raw, /Content-Transfer-Encoding: base64/i);
      assert.equal(mail.text, 'ünïcödé ✓');
    } finally {
      await sink.stop();
    }
  });

  it('speaks STARTTLS with a self-signed certificate that a client can trust', async () => {
    const sink = await startSmtpSink({ starttls: true });
    try {
      assert.match(sink.certificate ?? '', /BEGIN CERTIFICATE/);
      await assert.rejects(send(sink, { requireTLS: true }, { subject: 'untrusted', text: 'x' }), /self.signed|certificate/i);
      await send(sink, { requireTLS: true, tls: { ca: sink.certificate } }, { subject: 'over tls', text: 'x' });
      const mail = await sink.waitForMail((m) => m.subject === 'over tls');
      assert.equal(mail.secure, true);
      assert.equal(sink.smtpSettings().starttls, 'true');
    } finally {
      await sink.stop();
    }
  });

  it('requires AUTH PLAIN or LOGIN with the configured credentials', async () => {
    const sink = await startSmtpSink({ auth: { user: 'mailer', pass: 's3cret' } });
    try {
      await assert.rejects(send(sink, { ignoreTLS: true, auth: { user: 'mailer', pass: 'wrong' } }, { subject: 'no', text: 'x' }), /535/);
      await assert.rejects(send(sink, { ignoreTLS: true }, { subject: 'anonymous', text: 'x' }), /530|auth/i);
      await send(sink, { ignoreTLS: true, auth: { user: 'mailer', pass: 's3cret', method: 'LOGIN' } }, { subject: 'login', text: 'x' });
      await send(sink, { ignoreTLS: true, auth: { user: 'mailer', pass: 's3cret', method: 'PLAIN' } }, { subject: 'plain', text: 'x' });
      assert.equal((await sink.waitForMail((m) => m.subject === 'login')).user, 'mailer');
      assert.equal((await sink.waitForMail((m) => m.subject === 'plain')).user, 'mailer');
      assert.deepEqual(sink.messages.map((m) => m.subject).sort(), ['login', 'plain']);
      assert.deepEqual({ auth: sink.smtpSettings().auth, user: sink.smtpSettings().user }, { auth: 'true', user: 'mailer' });
    } finally {
      await sink.stop();
    }
  });

  it('rejects a wait that no message satisfies', async () => {
    const sink = await startSmtpSink();
    try {
      await assert.rejects(sink.waitForMail(() => true, 200), /no matching mail/);
    } finally {
      await sink.stop();
    }
  });
});
