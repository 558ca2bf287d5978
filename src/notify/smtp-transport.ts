/**
 * Sending one message over SMTP with nodemailer, configured from a realm's `smtpServer`
 * settings (Keycloak's keys, every value a string) and the server's TLS trust options.
 */
import { rootCertificates } from 'node:tls';
import { headerText } from '../domain/email/index.ts';
import type { SmtpSettings } from '../domain/email/index.ts';

/** The server-wide trust for SMTP servers' certificates (`--smtp-tls-*`). */
export interface SmtpTlsTrust {
  rejectUnauthorized: boolean;
  /** Extra certificate authorities (PEM), besides the system ones. */
  ca?: string;
}

/** A rendered message for one recipient. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Keycloak's connection, greeting and socket timeouts. */
const TIMEOUT_MS = 10_000;

const flag = (value: string | undefined): boolean => value === 'true';

function mailbox(address: string, name: string | undefined): string | { name: string; address: string } {
  const display = headerText(name ?? '');
  return display ? { name: display, address: address.trim() } : address.trim();
}

/** nodemailer's transport options for these settings: SSL on connect, or STARTTLS required, or plain. */
export function smtpTransportOptions(settings: SmtpSettings, trust: SmtpTlsTrust) {
  const ssl = flag(settings.ssl);
  const starttls = flag(settings.starttls);
  const port = Number(settings.port) || (ssl ? 465 : 25);
  return {
    host: settings.host,
    port,
    secure: ssl,
    requireTLS: !ssl && starttls,
    // Keycloak speaks STARTTLS only when asked to; without it the session stays plain.
    ignoreTLS: !ssl && !starttls,
    auth: flag(settings.auth) ? { user: settings.user ?? '', pass: settings.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // A CA file adds to the system's authorities rather than replacing them.
    tls: { rejectUnauthorized: trust.rejectUnauthorized, ...(trust.ca ? { ca: [...rootCertificates, trust.ca] } : {}), servername: settings.host },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * The message as nodemailer takes it: multipart/alternative text and HTML in UTF-8, From with
 * its display name, Reply-To defaulting to From, and the envelope sender when one is set.
 * Names and the subject are made header-safe here, whatever the caller passed.
 */
export function smtpMessage(settings: SmtpSettings, email: OutgoingEmail) {
  const from = mailbox(settings.from ?? '', settings.fromDisplayName);
  const replyTo = settings.replyTo ? mailbox(settings.replyTo, settings.replyToDisplayName) : from;
  return {
    from,
    replyTo,
    to: email.to,
    subject: headerText(email.subject),
    text: email.text,
    html: email.html,
    textEncoding: 'quoted-printable' as const,
    envelope: { from: (settings.envelopeFrom || settings.from || '').trim(), to: [email.to] },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Whether the settings name an SMTP server at all. */
export function hasSmtpServer(settings: SmtpSettings | undefined): settings is SmtpSettings {
  return typeof settings?.host === 'string' && settings.host.trim() !== '';
}

/** Sends one message; rejects with nodemailer's error (its `response` holds the server's answer). */
export async function sendSmtp(settings: SmtpSettings, trust: SmtpTlsTrust, email: OutgoingEmail): Promise<void> {
  // Loaded on the first message: 15 MB of resident memory that a server without an SMTP server never needs.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(smtpTransportOptions(settings, trust));
  try {
    await transport.sendMail(smtpMessage(settings, email));
  } finally {
    transport.close();
  }
}
