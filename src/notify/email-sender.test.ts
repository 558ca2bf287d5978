import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueEmail, type EmailRequest } from '../domain/email/index.ts';
import type { Logger } from '../kernel/logger.ts';
import type { RealmRecord } from '../storage/ports.ts';
import { freePort } from '../../test/support/server-process.ts';
import { startSmtpSink } from '../../test/support/smtp-sink.ts';
import { createTestRealm } from '../../test/support/test-realm.ts';
import { useTestStore } from '../../test/support/test-store.ts';
import { EmailSender, type EmailSenderOptions } from './email-sender.ts';

/** A logger that keeps its lines, to check what an operator would read. */
function recordingLogger(): Logger & { lines: { level: string; fields: object; message: string }[] } {
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (a: object | string, b?: string) => void lines.push(typeof a === 'string' ? { level, fields: {}, message: a } : { level, fields: a, message: b ?? '' });
  const logger = { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), child: () => logger } as unknown as Logger & { lines: typeof lines };
  return logger;
}

const reset = (to: string): EmailRequest => ({ to, userId: 'user-7', template: 'password-reset', subjectKey: 'passwordResetSubject', attributes: { link: 'https://id.test/r?key=1', linkExpiration: 5 } });

describe('the email sender', () => {
  const holder = useTestStore();
  const realm = (settings: Record<string, unknown>): Promise<RealmRecord> => createTestRealm(holder.store, `s-${Math.random().toString(36).slice(2, 10)}`, { eventsEnabled: true, ...settings });
  const sender = (extra: Partial<EmailSenderOptions>) =>
    new EmailSender({
      store: holder.store,
      clock: { now: () => Date.now() },
      logger: recordingLogger(),
      devMode: false,
      retry: { initialDelayMs: 1_000, maxDelayMs: 4_000, periodMs: 60_000 },
      trust: { rejectUnauthorized: true },
      ...extra,
    });

  it('retries with backoff, reports the failure once, and gives up after the retry period with a second report', async () => {
    const port = await freePort();
    const r = await realm({ smtpServer: { host: '127.0.0.1', port: String(port), from: 'noreply@gatehouse.test', password: 'Secret-123' } });
    let now = 1_000_000;
    const logger = recordingLogger();
    const s = sender({ clock: { now: () => now }, logger });
    await holder.store.transaction((tx) => enqueueEmail(tx, r, reset('late@example.test'), { now: () => now }));
    const state = async () => (await holder.store.emailOutbox.list({ realmId: r.id }))[0]!;

    await s.runOnce();
    assert.deepEqual([(await state()).status, (await state()).attempts, (await state()).nextAttemptAt], ['failed', 1, now + 1_000]);
    now += 999;
    assert.equal(await s.runOnce(), 0, 'not before the retry is due');
    now += 1;
    await s.runOnce();
    assert.deepEqual([(await state()).attempts, (await state()).nextAttemptAt], [2, now + 2_000]);
    const events = async () => holder.store.events.query(r.id, { types: ['SEND_RESET_PASSWORD_ERROR'] });
    assert.equal((await events()).length, 1, 'one event for the first failure, none per retry');

    now = 1_000_000 + 60_000;
    await s.runOnce();
    assert.equal((await state()).status, 'dead');
    const recorded = await events();
    assert.equal(recorded.length, 2);
    assert.deepEqual([recorded[0]?.error, recorded[0]?.userId, recorded[0]?.details.email], ['email_send_failed', 'user-7', 'late@example.test']);
    now += 3_600_000;
    assert.equal(await s.runOnce(), 0, 'a dead email is never tried again');

    const gaveUp = logger.lines.find((l) => l.message === 'gave up sending an email');
    assert.equal(gaveUp?.level, 'error');
    assert.match(JSON.stringify(gaveUp?.fields), /ECONNREFUSED/);
    assert.ok(!JSON.stringify(logger.lines).includes('Secret-123'), 'the password is never logged');
  });

  it('gives up at once on a template that does not exist', async () => {
    const sink = await startSmtpSink();
    try {
      const r = await realm({ smtpServer: sink.smtpSettings() });
      await holder.store.transaction((tx) => enqueueEmail(tx, r, { ...reset('x@example.test'), template: 'no-such-template' }, { now: () => Date.now() }));
      await sender({}).runOnce();
      const [email] = await holder.store.emailOutbox.list({ realmId: r.id });
      assert.equal(email?.status, 'dead');
      assert.match(email?.lastError ?? '', /no-such-template/);
      assert.equal(sink.messages.length, 0);
    } finally {
      await sink.stop();
    }
  });

  it('lets two senders share one outbox without sending any email twice', async () => {
    const sink = await startSmtpSink();
    try {
      const r = await realm({ smtpServer: sink.smtpSettings() });
      const recipients = Array.from({ length: 16 }, (_, i) => `user${i}@example.test`);
      await holder.store.transaction(async (tx) => {
        for (const to of recipients) await enqueueEmail(tx, r, reset(to), { now: () => Date.now() });
      });
      const a = sender({ batchSize: 3 });
      const b = sender({ batchSize: 3 });
      a.start();
      b.start();
      try {
        await Promise.all(recipients.map((to) => sink.waitForMail((m) => m.to.includes(to), 30_000)));
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
      assert.deepEqual(sink.messages.map((m) => m.to[0]).sort(), [...recipients].sort());
      const stored = await holder.store.emailOutbox.list({ realmId: r.id });
      assert.ok(stored.every((e) => e.status === 'sent' && e.attempts === 0));
    } finally {
      await sink.stop();
    }
  });

  it('wakes at once when an email is enqueued in this process', async (t) => {
    const sink = await startSmtpSink();
    const s = sender({ pollIntervalMs: 60_000 });
    try {
      const r = await realm({ smtpServer: sink.smtpSettings() });
      s.start();
      await new Promise((resolve) => setTimeout(resolve, 200)); // the first look finds nothing; the next poll is a minute away
      const started = Date.now();
      await holder.store.transaction((tx) => enqueueEmail(tx, r, reset('quick@example.test'), { now: () => Date.now() }));
      await sink.waitForMail((m) => m.to.includes('quick@example.test'), 10_000);
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      t.diagnostic(`enqueue (same process) to SMTP sink: ${Date.now() - started} ms`);
    } finally {
      await s.stop();
      await sink.stop();
    }
  });
});
