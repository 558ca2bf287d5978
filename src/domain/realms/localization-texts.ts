import type { RealmRecord } from '../../storage/ports.ts';

/**
 * The realm's own texts (Keycloak's realm localization, `localizationTexts` in its
 * RealmRepresentation): locale → message key → text. They win over the theme's bundles.
 * Anything malformed in the stored setting is left out rather than trusted.
 */
export function realmLocalizationTexts(realm: RealmRecord): Record<string, Record<string, string>> {
  const raw = realm.settings.localizationTexts;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const texts: Record<string, Record<string, string>> = {};
  for (const [locale, map] of Object.entries(raw as Record<string, unknown>)) {
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    texts[locale] = Object.fromEntries(Object.entries(map as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return texts;
}
