import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { describe, it } from 'node:test';
import { hasSmtpServer, smtpMessage, smtpTransportOptions } from './smtp-transport.ts';

const email = { to: 'ann@example.test', subject: 'Verify email', text: 'text', html: '<p>html</p>' };

describe('SMTP message', () => {
  it('neutralises line breaks in the subject and display names so no header can be added', () => {
    const message = smtpMessage(
      { from: 'noreply@shop.test', fromDisplayName: 'Shop\r\nBcc: eve@evil.test', replyTo: 'help@shop.test', replyToDisplayName: 'Help\nX-Evil: 1' },
      { ...email, subject: 'Verify\r\nBcc: eve@evil.test' },
    );
    assert.equal(message.subject, 'Verify Bcc: eve@evil.test');
    assert.deepEqual(message.from, { name: 'Shop Bcc: eve@evil.test', address: 'noreply@shop.test' });
    assert.deepEqual(message.replyTo, { name: 'Help X-Evil: 1', address: 'help@shop.test' });
  });

  it('replies to the sender unless a Reply-To is set, and bounces to envelopeFrom when one is', () => {
    const plain = smtpMessage({ from: 'noreply@shop.test' }, email);
    assert.equal(plain.replyTo, 'noreply@shop.test');
    assert.deepEqual(plain.envelope, { from: 'noreply@shop.test', to: ['ann@example.test'] });
    assert.deepEqual(smtpMessage({ from: 'noreply@shop.test', envelopeFrom: 'bounce@shop.test' }, email).envelope.from, 'bounce@shop.test');
    assert.deepEqual([plain.text, plain.html], ['text', '<p>html</p>']);
  });
});

describe('SMTP transport options', () => {
  const trust = { rejectUnauthorized: true };

  it('uses SSL on connect, STARTTLS, or a plain session as the settings say, with 10 s timeouts', () => {
    const ssl = smtpTransportOptions({ host: 'smtp.test', ssl: 'true' }, trust);
    assert.deepEqual([ssl.port, ssl.secure, ssl.requireTLS, ssl.ignoreTLS], [465, true, false, false]);
    const starttls = smtpTransportOptions({ host: 'smtp.test', port: '587', starttls: 'true' }, trust);
    assert.deepEqual([starttls.port, starttls.secure, starttls.requireTLS, starttls.ignoreTLS], [587, false, true, false]);
    const plain = smtpTransportOptions({ host: 'smtp.test' }, trust);
    assert.deepEqual([plain.port, plain.secure, plain.requireTLS, plain.ignoreTLS], [25, false, false, true]);
    assert.deepEqual([plain.connectionTimeout, plain.greetingTimeout, plain.socketTimeout], [10_000, 10_000, 10_000]);
  });

  it('logs in only when auth is on', () => {
    assert.equal(smtpTransportOptions({ host: 'h', user: 'u', password: 'p' }, trust).auth, undefined);
    assert.deepEqual(smtpTransportOptions({ host: 'h', auth: 'true', user: 'u', password: 'p' }, trust).auth, { user: 'u', pass: 'p' });
  });

  it('adds a CA file to the system authorities and can accept any certificate', () => {
    const withCa = smtpTransportOptions({ host: 'h' }, { rejectUnauthorized: true, ca: 'PEM' });
    assert.deepEqual(withCa.tls.ca, [...rootCertificates, 'PEM']);
    assert.equal(smtpTransportOptions({ host: 'h' }, { rejectUnauthorized: false }).tls.rejectUnauthorized, false);
  });

  it('knows a realm without a host has no SMTP server', () => {
    assert.equal(hasSmtpServer({}), false);
    assert.equal(hasSmtpServer({ host: '  ' }), false);
    assert.equal(hasSmtpServer({ host: 'smtp.test' }), true);
  });
});
