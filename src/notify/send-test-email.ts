import type { SmtpSettings } from '../domain/email/index.ts';
import type { RealmRecord, UserRecord } from '../storage/ports.ts';
import { composeEmail } from './compose-email.ts';
import { smtpFailureText } from './smtp-failure.ts';
import { sendSmtp, type SmtpTlsTrust } from './smtp-transport.ts';

/** How a test message went: sent, or the SMTP server's answer (never the settings' password). */
export type TestEmailResult = { ok: true } | { ok: false; reason: string };

/**
 * Sends Keycloak's `email-test` message straight to `user` with these settings, bypassing the
 * outbox: the admin wants the SMTP server's answer now, not a retry later.
 */
export async function sendTestEmail(realm: RealmRecord, settings: SmtpSettings, user: UserRecord & { email: string }, trust: SmtpTlsTrust, locale: string | null): Promise<TestEmailResult> {
  try {
    const rendered = await composeEmail(realm, {
      template: 'email-test',
      subjectKey: 'emailTestSubject',
      subjectParams: [],
      attributes: { user: { username: user.username, email: user.email, firstName: user.firstName, lastName: user.lastName } },
      locale,
    });
    await sendSmtp(settings, trust, { to: user.email, subject: rendered.subject, text: rendered.text, html: rendered.html });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: smtpFailureText(error) };
  }
}
