import type { RealmRecord } from '../../storage/ports.ts';
import { disposableDomains } from './disposable-domains.ts';
import { domainListed, emailDomain, parseDomainList } from './email-domain-list.ts';

/**
 * The realm attributes (strings, as Keycloak keeps realm attributes) that set sign-up hygiene:
 * - `registrationEmailDomainAllowList`: only these domains may sign up (`*.example.com` for subdomains);
 * - `registrationEmailDomainDenyList`: these may not;
 * - `registrationBlockDisposableEmail`: `true` refuses disposable-address domains;
 * - `registrationEmailNormalization`: `true` compares emails for uniqueness without `+tags` and Gmail dots;
 * - `registrationHoneypot`: `false` removes the hidden field bots fill in (on by default);
 * - `registrationMinSubmitSeconds`: the least time between showing the form and its submission (0: off).
 */
export interface SignUpHygiene {
  allow: string[];
  deny: string[];
  blockDisposable: boolean;
  normalizeEmail: boolean;
  honeypot: boolean;
  minSubmitMs: number;
}

export function signUpHygiene(realm: RealmRecord): SignUpHygiene {
  const attributes = (realm.settings.attributes ?? {}) as Record<string, unknown>;
  const seconds = Number(attributes.registrationMinSubmitSeconds);
  return {
    allow: parseDomainList(attributes.registrationEmailDomainAllowList),
    deny: parseDomainList(attributes.registrationEmailDomainDenyList),
    blockDisposable: String(attributes.registrationBlockDisposableEmail) === 'true',
    normalizeEmail: String(attributes.registrationEmailNormalization) === 'true',
    honeypot: String(attributes.registrationHoneypot) !== 'false',
    minSubmitMs: Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : 0,
  };
}

/** The honeypot's field name: tempting to a form-filling script, hidden from people. */
export const HONEYPOT_FIELD = 'homepage_url';

/** A refusal: its REGISTER_ERROR error code, and the message key and field the person sees. */
export interface SignUpRefusal {
  error: 'email_domain_denied' | 'disposable_email' | 'honeypot' | 'submitted_too_fast';
  field: 'email' | 'registration';
  message: string;
}

/**
 * Checks a submitted sign-up against the realm's hygiene rules. Bots are refused with one
 * neutral message (nothing says which trap caught them); a person whose domain is refused is
 * told so, since they can do something about it.
 */
export function checkSignUp(
  rules: SignUpHygiene,
  input: { email: string; honeypotValue: string; renderedAt: number | undefined; now: number; dataDir: string },
): SignUpRefusal | undefined {
  if (rules.honeypot && input.honeypotValue !== '') return { error: 'honeypot', field: 'registration', message: 'registrationNotAcceptedMessage' };
  if (rules.minSubmitMs > 0 && (input.renderedAt === undefined || input.now - input.renderedAt < rules.minSubmitMs)) {
    return { error: 'submitted_too_fast', field: 'registration', message: 'registrationNotAcceptedMessage' };
  }
  const domain = emailDomain(input.email);
  if (domain === '') return undefined;
  if ((rules.allow.length > 0 && !domainListed(domain, rules.allow)) || domainListed(domain, rules.deny)) {
    return { error: 'email_domain_denied', field: 'email', message: 'emailDomainNotAllowedMessage' };
  }
  if (rules.blockDisposable && disposableDomains(input.dataDir).has(domain)) return { error: 'disposable_email', field: 'email', message: 'disposableEmailMessage' };
  return undefined;
}
