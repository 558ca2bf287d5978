import type { RealmRecord } from '../../storage/ports.ts';

/** Keycloak's defaults: 5 minutes for links a user asks for, 12 hours for links an administrator sends. */
const USER_DEFAULT = 300;
const ADMIN_DEFAULT = 43_200;

/**
 * How long a link for `action` stays valid, in seconds: the realm attribute
 * `actionTokenGeneratedByUserLifespan.<action>` when set (Keycloak's per-action override),
 * else the realm's `actionTokenGeneratedByUserLifespan` (or `…ByAdminLifespan` for links an
 * administrator sends).
 */
export function actionTokenLifespan(realm: RealmRecord, action: string, issuedBy: 'user' | 'admin'): number {
  if (issuedBy === 'admin') return positive(realm.settings.actionTokenGeneratedByAdminLifespan) ?? ADMIN_DEFAULT;
  const attributes = realm.settings.attributes;
  const override = attributes && typeof attributes === 'object' ? positive((attributes as Record<string, unknown>)[`actionTokenGeneratedByUserLifespan.${action}`]) : undefined;
  return override ?? positive(realm.settings.actionTokenGeneratedByUserLifespan) ?? USER_DEFAULT;
}

/** A positive whole number of seconds from a setting stored as a number or a string. */
function positive(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** "5 minutes", "12 hours": how Keycloak's emails state the expiry (`linkExpirationFormatted`), in English. */
export function formatLifespan(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return unit(seconds / 3_600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}
