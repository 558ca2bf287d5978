import type { Clock } from '../../kernel/clock.ts';
import type { RealmRecord, Repositories } from '../../storage/ports.ts';

/** Keycloak's user attribute holding the time of the last acceptance (epoch seconds). */
export const TERMS_ATTRIBUTE = 'terms_and_conditions';
/** Gatehouse's: the terms version last accepted. */
export const TERMS_VERSION_ATTRIBUTE = 'terms_and_conditions_version';
/** Gatehouse's: every acceptance, as `<version>@<epoch seconds>`, oldest first. */
export const TERMS_HISTORY_ATTRIBUTE = 'terms_and_conditions_history';

/** The realm's current terms version: the realm attribute `termsVersion`, "1" when unset. */
export function termsVersion(realm: RealmRecord): string {
  const attributes = (realm.settings.attributes ?? {}) as Record<string, unknown>;
  const version = attributes.termsVersion;
  return typeof version === 'string' && version.trim() !== '' ? version.trim() : '1';
}

/** Records that the user accepted the realm's current terms now, keeping the earlier acceptances. */
export async function recordTermsAcceptance(tx: Repositories, realm: RealmRecord, userId: string, clock: Clock): Promise<void> {
  const now = String(Math.floor(clock.now() / 1000));
  const version = termsVersion(realm);
  const attributes = await tx.users.getAttributes(userId);
  attributes[TERMS_ATTRIBUTE] = [now];
  attributes[TERMS_VERSION_ATTRIBUTE] = [version];
  attributes[TERMS_HISTORY_ATTRIBUTE] = [...(attributes[TERMS_HISTORY_ATTRIBUTE] ?? []), `${version}@${now}`];
  await tx.users.setAttributes(realm.id, userId, attributes);
}

/** Whether the user has accepted the realm's current terms version. */
export async function acceptedCurrentTerms(repos: Repositories, realm: RealmRecord, userId: string): Promise<boolean> {
  const attributes = await repos.users.getAttributes(userId);
  return attributes[TERMS_ATTRIBUTE] !== undefined && (attributes[TERMS_VERSION_ATTRIBUTE]?.[0] ?? '1') === termsVersion(realm);
}
