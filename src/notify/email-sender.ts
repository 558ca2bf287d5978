/**
 * The outbox worker: claims due emails (safely beside other nodes), renders each in the
 * recipient's language, and sends it over the realm's SMTP server — or, in dev mode when the
 * realm has none, keeps it in the dev outbox and logs its links. Failed attempts are retried
 * with exponential backoff until the retry period ends, each failure logged with the SMTP
 * server's answer and reported as Keycloak's `*_ERROR` event.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EMAIL_SEND_FAILED, onEmailEnqueued, sendErrorEventType, smtpSettingsOf } from '../domain/email/index.ts';
import { recordEvent } from '../domain/events/service.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import type { EmailOutboxRecord, RealmRecord, Store } from '../storage/ports.ts';
import type { ThemeRegistry } from '../themes/theme-registry.ts';
import { composeEmail, linksIn } from './compose-email.ts';
import { retriesExhausted, retryDelay, type RetryPolicy } from './retry-delay.ts';
import { smtpFailureText } from './smtp-failure.ts';
import { hasSmtpServer, sendSmtp, type SmtpTlsTrust } from './smtp-transport.ts';

export interface EmailSenderOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** `start-dev`: a realm without an SMTP server gets the dev outbox instead. */
  devMode: boolean;
  retry: RetryPolicy;
  trust: SmtpTlsTrust;
  /** How often the outbox is looked at when nothing in this process nudges it. Default 1 s. */
  pollIntervalMs?: number;
  /** How long a claimed email stays with this node; longer than one SMTP attempt can take. Default 60 s. */
  leaseMs?: number;
  batchSize?: number;
  /** How long sent and dead emails are kept. Default 7 days. */
  keepFinishedMs?: number;
  registry?: ThemeRegistry;
}

/** A failure that no retry can mend (the template does not exist). */
class PermanentFailure extends Error {}

/** Claims and delivers outbox emails until stopped. */
export class EmailSender {
  /** This process's name in `claimed_by`. */
  readonly node = `${hostname().slice(0, 32)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly keepFinishedMs: number;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakeRequested = false;
  private unsubscribe: (() => void) | undefined;
  private lastCleanup = 0;

  constructor(private readonly options: EmailSenderOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 10;
    this.keepFinishedMs = options.keepFinishedMs ?? 7 * 24 * 3_600_000;
  }

  /** Starts the loop; an enqueue in this process wakes it at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = onEmailEnqueued(() => this.nudge());
    this.loop = this.run();
  }

  /** Stops after the email in hand; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  /**
   * Looks at the outbox soon. The enqueuing transaction may not have committed yet when this
   * is called, so it looks twice: at once, and again a moment later.
   */
  nudge(): void {
    for (const delay of [20, 250]) setTimeout(() => this.requestWake(), delay).unref();
  }

  /** Claims one batch of due emails and delivers them; returns how many it claimed. */
  async runOnce(): Promise<number> {
    const now = this.options.clock.now();
    const batch = await this.options.store.emailOutbox.claimDue(now, this.node, now + this.leaseMs, this.batchSize);
    for (const email of batch) await this.deliver(email);
    return batch.length;
  }

  private requestWake(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
        await this.cleanup();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'could not work through the email outbox; trying again shortly');
      }
      if (claimed < this.batchSize && !this.stopped) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wake = done;
    });
  }

  private async cleanup(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = now;
    await this.options.store.emailOutbox.deleteFinishedBefore(now - this.keepFinishedMs);
  }

  private async deliver(email: EmailOutboxRecord): Promise<void> {
    const { store, logger, clock } = this.options;
    const realm = await store.realms.findById(email.realmId);
    if (!realm) return; // the realm was removed; its emails go with it
    let rendered;
    try {
      rendered = await composeEmail(realm, email, this.options.registry);
    } catch (error) {
      await this.failed(realm, email, new PermanentFailure(`cannot render email template '${email.template}': ${(error as Error).message}`));
      return;
    }
    const settings = smtpSettingsOf(realm);
    const toDevOutbox = this.options.devMode && !hasSmtpServer(settings);
    if (!toDevOutbox) {
      try {
        if (!hasSmtpServer(settings)) throw new Error(`realm '${realm.name}' has no SMTP server configured (smtpServer.host)`);
        await sendSmtp(settings, this.options.trust, { to: email.recipient, subject: rendered.subject, text: rendered.text, html: rendered.html });
      } catch (error) {
        await this.failed(realm, email, error);
        return;
      }
    }
    // Past this point the email is out: a store error must not count as a failed attempt.
    const held = await store.emailOutbox.markSent(email.id, this.node, {
      sentAt: clock.now(),
      transport: toDevOutbox ? 'dev' : 'smtp',
      subject: rendered.subject,
      bodyText: rendered.text,
      bodyHtml: rendered.html,
    });
    if (!held) logger.warn({ realm: realm.name, emailId: email.id }, 'an email was sent after its claim ran out; another node may send it again');
    if (toDevOutbox) {
      // Dev mode only: the links are what a developer needs to go on testing without a mailbox.
      logger.info({ realm: realm.name, to: email.recipient, subject: rendered.subject, links: linksIn(rendered.text) }, 'email kept in the dev outbox (/dev/mail)');
    } else {
      logger.info({ realm: realm.name, emailId: email.id, template: email.template }, 'email sent');
    }
  }

  private async failed(realm: RealmRecord, email: EmailOutboxRecord, error: unknown): Promise<void> {
    const { store, clock, logger, retry } = this.options;
    const now = clock.now();
    const attempts = email.attempts + 1;
    const reason = error instanceof PermanentFailure ? error.message : smtpFailureText(error);
    const dead = error instanceof PermanentFailure || retriesExhausted(retry, email.createdAt, now);
    const nextAttemptAt = now + retryDelay(retry, attempts);
    const eventType = sendErrorEventType(email.template);
    try {
      await store.transaction(async (tx) => {
        const held = await tx.emailOutbox.markFailed(email.id, this.node, { attempts, lastError: reason.slice(0, 2000), nextAttemptAt, dead });
        // One event when sending first fails and one when it is given up, not one per retry.
        if (held && eventType && (attempts === 1 || dead)) {
          await recordEvent(tx, realm, { type: eventType, userId: email.userId, error: EMAIL_SEND_FAILED, details: { email: email.recipient, reason: reason.slice(0, 200) } }, clock);
        }
      });
    } catch (storeError) {
      logger.warn({ err: storeError, emailId: email.id }, 'could not record a failed email attempt');
    }
    const fields = { realm: realm.name, emailId: email.id, template: email.template, attempt: attempts, smtpAnswer: reason };
    if (dead) logger.error(fields, 'gave up sending an email');
    else logger.warn({ ...fields, retryAt: new Date(nextAttemptAt).toISOString() }, 'could not send an email; it will be retried');
  }
}
