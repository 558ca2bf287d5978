import { enqueueEmail } from '../email/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';
import { realmSetting } from '../realms/model.ts';
import { formatLifespan } from './lifespan.ts';
import { ACTION } from './model.ts';
import { actionTokenLink, issueActionToken, type ActionTokenRequest, type IssuedActionToken } from './service.ts';

/** Where a link is built and what it carries besides the user (see {@link ActionTokenRequest}). */
export type LinkOptions = Omit<ActionTokenRequest, 'action' | 'user'>;

/** What an email with a link needs to be sent: the link, and the template variables Keycloak's emails read. */
async function linkEmail(tx: Repositories, realm: RealmRecord, user: UserRecord, request: ActionTokenRequest, clock: Clock) {
  const issued = await issueActionToken(tx, realm, request, clock);
  const link = actionTokenLink(request.baseUrl, realm, issued);
  const locale = (await tx.users.getAttributes(user.id)).locale?.[0] ?? null;
  const attributes: Record<string, unknown> = {
    link,
    linkExpiration: Math.floor(issued.lifespan / 60),
    linkExpirationFormatted: formatLifespan(issued.lifespan),
    realmName: realmSetting(realm, 'displayName', realm.name),
    user: { username: user.username, email: user.email, firstName: user.firstName, lastName: user.lastName },
  };
  return { issued, link, locale, attributes };
}

/**
 * Keycloak's verification email (`email-verification`), or with `code` the Gatehouse variant
 * that also carries a one-time code (`email-verification-with-code`; `withLink` false leaves
 * the link out). Written to the outbox in `tx`; returns the issued token.
 */
export async function sendVerifyEmail(tx: Repositories, realm: RealmRecord, user: UserRecord, options: LinkOptions & { code?: string; withLink?: boolean }, clock: Clock): Promise<IssuedActionToken> {
  const { code, withLink = true, ...link } = options;
  const mail = await linkEmail(tx, realm, user, { ...link, action: ACTION.verifyEmail, user }, clock);
  // The code template shows a link only when given `verificationLink` (the realm takes link or code).
  const attributes = code ? { ...mail.attributes, code, ...(withLink ? { verificationLink: mail.link } : { link: undefined }) } : mail.attributes;
  await enqueueEmail(
    tx,
    realm,
    { to: user.email ?? '', userId: user.id, template: code ? 'email-verification-with-code' : 'email-verification', subjectKey: 'emailVerificationSubject', attributes, locale: mail.locale },
    clock,
  );
  return mail.issued;
}

/** Keycloak's `password-reset` email with a `reset-credentials` link. */
export async function sendResetPasswordEmail(tx: Repositories, realm: RealmRecord, user: UserRecord, options: LinkOptions, clock: Clock): Promise<IssuedActionToken> {
  const mail = await linkEmail(tx, realm, user, { ...options, action: ACTION.resetCredentials, user }, clock);
  await enqueueEmail(tx, realm, { to: user.email ?? '', userId: user.id, template: 'password-reset', subjectKey: 'passwordResetSubject', attributes: mail.attributes, locale: mail.locale }, clock);
  return mail.issued;
}

/** Keycloak's `executeActions` email: a link that runs `requiredActions` for the user. */
export async function sendExecuteActionsEmail(
  tx: Repositories,
  realm: RealmRecord,
  user: UserRecord,
  options: LinkOptions & { requiredActions: string[] },
  clock: Clock,
): Promise<IssuedActionToken> {
  const mail = await linkEmail(tx, realm, user, { ...options, action: ACTION.executeActions, user }, clock);
  const attributes = { ...mail.attributes, requiredActions: options.requiredActions };
  await enqueueEmail(tx, realm, { to: user.email ?? '', userId: user.id, template: 'executeActions', subjectKey: 'executeActionsSubject', attributes, locale: mail.locale }, clock);
  return mail.issued;
}

/**
 * Keycloak's `email-update-confirmation`, sent to the new address: following its link replaces
 * the user's email with `newEmail`, verified.
 */
export async function sendEmailUpdateConfirmation(tx: Repositories, realm: RealmRecord, user: UserRecord, options: LinkOptions & { newEmail: string }, clock: Clock): Promise<IssuedActionToken> {
  const mail = await linkEmail(tx, realm, user, { ...options, action: ACTION.updateEmail, user }, clock);
  const attributes = { ...mail.attributes, newEmail: options.newEmail };
  await enqueueEmail(
    tx,
    realm,
    { to: options.newEmail, userId: user.id, template: 'email-update-confirmation', subjectKey: 'emailUpdateConfirmationSubject', attributes, locale: mail.locale },
    clock,
  );
  return mail.issued;
}
