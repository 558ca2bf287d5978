import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { freePort } from '../../support/server-process.ts';
import { startSmtpSink } from '../../support/smtp-sink.ts';
import { emailRealm, useEmailServer } from './email-server.ts';

/** The HTTP answer of a failed admin client call. */
async function failure(call: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    const e = error as { response?: Response; responseData?: unknown };
    return { status: e.response?.status ?? 0, body: (e.responseData ?? {}) as Record<string, unknown> };
  }
  throw new Error('the call succeeded');
}

describe('POST /admin/realms/{realm}/testSMTPConnection', () => {
  const server = useEmailServer();
  const admin = async () => {
    const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
    await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
    return kc;
  };
  const setAdminEmail = async (email: string | null) => {
    const master = await server.store.realms.findByName('master');
    const user = await server.store.users.findByUsername(master!.id, 'admin');
    await server.store.users.update({ ...user!, email }, { emailUnique: true });
  };

  it('asks for an email address on the calling admin first', async () => {
    await setAdminEmail(null);
    const kc = await admin();
    const realm = await emailRealm(server.store);
    const sink = await startSmtpSink();
    try {
      const answer = await failure(kc.realms.testSMTPConnection({ realm: realm.name }, sink.smtpSettings()));
      assert.deepEqual(answer, { status: 400, body: { errorMessage: 'Logged in user does not have an e-mail.' } });
      assert.equal(sink.messages.length, 0);
    } finally {
      await sink.stop();
    }
  });

  it('sends the test message to the admin and answers 204', async () => {
    await setAdminEmail('root@example.test');
    const kc = await admin();
    const realm = await emailRealm(server.store, { displayName: 'Test Realm' });
    const sink = await startSmtpSink({ auth: { user: 'mailer', pass: 'Sup3r-secret' } });
    try {
      await kc.realms.testSMTPConnection({ realm: realm.name }, sink.smtpSettings());
      const mail = await sink.waitForMail((m) => m.to.includes('root@example.test'));
      assert.equal(mail.subject, '[Gatehouse] - SMTP test message');
      assert.match(mail.text, /This is a test message from Test Realm\./);
      assert.equal(mail.user, 'mailer');
      assert.deepEqual(await server.store.emailOutbox.list({ realmId: realm.id }), [], 'sent directly, not through the outbox');
    } finally {
      await sink.stop();
    }
  });

  it('answers 500 with the SMTP server\'s answer when sending fails, never the password', async () => {
    await setAdminEmail('root@example.test');
    const kc = await admin();
    const realm = await emailRealm(server.store);
    const sink = await startSmtpSink({ auth: { user: 'mailer', pass: 'Sup3r-secret' } });
    try {
      const refused = await failure(kc.realms.testSMTPConnection({ realm: realm.name }, { ...sink.smtpSettings(), password: 'Wr0ng-secret' }));
      assert.equal(refused.status, 500);
      assert.match(String(refused.body.errorMessage), /^Failed to send email: 535 /);
      assert.ok(!JSON.stringify(refused.body).includes('Wr0ng-secret'));
      assert.ok(!JSON.stringify(refused.body).includes(' at '), 'no stack trace');
      const down = await failure(kc.realms.testSMTPConnection({ realm: realm.name }, { host: '127.0.0.1', port: String(await freePort()), from: 'noreply@gatehouse.test' }));
      assert.equal(down.status, 500);
      assert.match(String(down.body.errorMessage), /^Failed to send email: .*ECONNREFUSED/);
      const noHost = await failure(kc.realms.testSMTPConnection({ realm: realm.name }, { from: 'noreply@gatehouse.test' }));
      assert.deepEqual(noHost, { status: 400, body: { field: 'host', errorMessage: 'SMTP host is required' } });
    } finally {
      await sink.stop();
    }
  });

  it('masks the stored password, keeps it on a masked update, and uses it only for the stored server', async () => {
    await setAdminEmail('root@example.test');
    const kc = await admin();
    const realm = await emailRealm(server.store);
    const sink = await startSmtpSink({ auth: { user: 'mailer', pass: 'Sup3r-secret' } });
    const other = await startSmtpSink({ auth: { user: 'mailer', pass: 'Sup3r-secret' } });
    try {
      await kc.realms.update({ realm: realm.name }, { smtpServer: sink.smtpSettings() });
      const shown = await kc.realms.findOne({ realm: realm.name });
      assert.equal(shown?.smtpServer?.password, '**********');
      await kc.realms.update({ realm: realm.name }, { smtpServer: { ...shown!.smtpServer, fromDisplayName: 'Renamed' } });
      const stored = (await server.store.realms.findById(realm.id))!.settings.smtpServer as Record<string, string>;
      assert.deepEqual([stored.password, stored.fromDisplayName], ['Sup3r-secret', 'Renamed']);

      await kc.realms.testSMTPConnection({ realm: realm.name }, { ...sink.smtpSettings(), password: '**********' });
      assert.equal((await sink.waitForMail(() => true)).user, 'mailer');
      const elsewhere = await failure(kc.realms.testSMTPConnection({ realm: realm.name }, { ...other.smtpSettings(), password: '**********' }));
      assert.equal(elsewhere.status, 500, 'the stored password is not sent to another server');
      assert.equal(other.messages.length, 0);
    } finally {
      await sink.stop();
      await other.stop();
    }
  });

  it('needs manage-realm', async () => {
    const response = await fetch(`${server.baseUrl}/admin/realms/master/testSMTPConnection`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 401);
  });
});
