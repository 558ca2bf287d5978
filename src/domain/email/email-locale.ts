import { realmSetting } from '../realms/model.ts';
import type { RealmRecord } from '../../storage/ports.ts';

/** The languages the built-in email theme speaks, offered when the realm names none. */
const themeLocales = ['en', 'de', 'fr', 'es'];

/**
 * The language an email is written in, as Keycloak picks it: with `internationalizationEnabled`,
 * the user's `locale` when the realm offers it (or its base language); else the realm's
 * `defaultLocale`, else English.
 */
export function emailLocale(realm: RealmRecord, userLocale: string | null | undefined): string {
  const fallback = realmSetting(realm, 'defaultLocale', 'en') || 'en';
  if (!realmSetting(realm, 'internationalizationEnabled', false) || !userLocale) return fallback;
  const supported = realm.settings.supportedLocales;
  const offered = Array.isArray(supported) && supported.length > 0 ? supported.filter((l): l is string => typeof l === 'string') : themeLocales;
  const tag = userLocale.trim().replace(/_/g, '-').toLowerCase();
  return offered.find((l) => l.toLowerCase() === tag) ?? offered.find((l) => l.toLowerCase() === tag.split('-')[0]) ?? fallback;
}
