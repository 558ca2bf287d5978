/** Email rules: what an email request is, how it enters the outbox, and what makes it safe. */
export type { EmailRequest, SmtpSettings } from './model.ts';
export { MASKED_PASSWORD } from './model.ts';
export { enqueueEmail, onEmailEnqueued } from './enqueue-email.ts';
export { assertValidRecipient, isValidRecipient } from './recipient.ts';
export { headerText } from './header-text.ts';
export { emailLocale } from './email-locale.ts';
export { EMAIL_SEND_FAILED, sendErrorEventType } from './send-error-event.ts';
export { smtpSettingsFrom, smtpSettingsOf } from './smtp-settings.ts';
