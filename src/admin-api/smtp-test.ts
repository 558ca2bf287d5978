/**
 * `POST /admin/realms/{realm}/testSMTPConnection`: sends the `email-test` message with the
 * posted `smtpServer` settings to the calling admin's own address, as Keycloak does.
 */
import { MASKED_PASSWORD, isValidRecipient, smtpSettingsFrom, smtpSettingsOf, type SmtpSettings } from '../domain/email/index.ts';
import { sendTestEmail } from '../notify/send-test-email.ts';
import { AdminError, badRequest, noContent, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/**
 * A masked password stands for the stored one — but only for the stored server and user, so
 * that nobody can send the realm's SMTP password to a server of their choosing.
 */
function withStoredPassword(given: SmtpSettings, stored: SmtpSettings): SmtpSettings {
  if (given.password !== MASKED_PASSWORD) return given;
  const sameServer = given.host === stored.host && (given.port ?? '') === (stored.port ?? '') && (given.user ?? '') === (stored.user ?? '');
  return { ...given, password: sameServer ? (stored.password ?? '') : '' };
}

async function testSmtpConnection(call: AdminCall): Promise<AdminResponse> {
  if (typeof call.body !== 'object' || call.body === null || Array.isArray(call.body)) throw badRequest('Expected the smtpServer settings as a JSON object');
  const settings = withStoredPassword(smtpSettingsFrom(call.body), smtpSettingsOf(call.realm));
  if (!settings.host?.trim()) throw badRequest('SMTP host is required', 'host');
  if (!settings.from?.trim() || !isValidRecipient(settings.from.trim())) throw badRequest('A valid from address is required', 'from');
  const user = call.caller.user;
  if (!user.email) throw badRequest('Logged in user does not have an e-mail.');
  const locale = (await call.deps.store.users.getAttributes(user.id)).locale?.[0] ?? null;
  const trust = call.deps.smtpTrust ?? { rejectUnauthorized: true };
  const result = await sendTestEmail(call.realm, settings, { ...user, email: user.email }, trust, locale);
  // Keycloak answers a failed test with 500; the SMTP server's answer tells the admin what to fix.
  if (!result.ok) throw new AdminError(500, { errorMessage: `Failed to send email: ${result.reason}` });
  return noContent;
}

/** The SMTP test route. */
export const smtpTestRoutes: AdminRoute[] = [{ method: 'POST', path: '/testSMTPConnection', permission: 'manage-realm', handler: testSmtpConnection }];
