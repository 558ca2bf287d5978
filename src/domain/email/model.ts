/** One email to send, described by template so that it is rendered in the user's locale at delivery. */
export interface EmailRequest {
  /** Recipient address (validated; line breaks refused). */
  to: string;
  /** For events and the dev outbox. */
  userId?: string | null;
  /**
   * Keycloak's template name: 'email-verification' | 'email-verification-with-code' |
   * 'password-reset' | 'executeActions' | 'email-update-confirmation' | 'email-test' | …
   */
  template: string;
  /** Message key: 'emailVerificationSubject', 'passwordResetSubject', … */
  subjectKey: string;
  subjectParams?: string[];
  /**
   * Template variables, Keycloak's names: link, linkExpiration (minutes),
   * linkExpirationFormatted (e.g. "5 minutes"), realmName, code, requiredActions (string[]),
   * newEmail, user: {username, email, firstName, lastName}
   */
  attributes: Record<string, unknown>;
  /** The user's `locale` attribute; falls back to the realm default. */
  locale?: string | null;
}

/** The realm's `smtpServer` map as Keycloak stores it: every value a string. */
export type SmtpSettings = Record<string, string>;

/** What Keycloak returns in place of the stored SMTP password. */
export const MASKED_PASSWORD = '**********';
