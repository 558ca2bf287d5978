/** Keycloak's error code on an event whose email could not be sent. */
export const EMAIL_SEND_FAILED = 'email_send_failed';

/** The event Keycloak records for each kind of email when sending it fails. */
const errorEvents: Record<string, string> = {
  'email-verification': 'SEND_VERIFY_EMAIL_ERROR',
  'email-verification-with-code': 'SEND_VERIFY_EMAIL_ERROR',
  'email-update-confirmation': 'SEND_VERIFY_EMAIL_ERROR',
  'password-reset': 'SEND_RESET_PASSWORD_ERROR',
  executeActions: 'EXECUTE_ACTIONS_ERROR',
  'identity-provider-link': 'SEND_IDENTITY_PROVIDER_LINK_ERROR',
};

/**
 * The event type to record when an email of this template cannot be sent; undefined for
 * emails Keycloak records nothing about (the SMTP test, event notifications).
 */
export function sendErrorEventType(template: string): string | undefined {
  return Object.hasOwn(errorEvents, template) ? errorEvents[template] : undefined;
}
