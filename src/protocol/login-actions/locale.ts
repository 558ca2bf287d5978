import { realmSetting } from '../../domain/realms/model.ts';
import type { RealmRecord } from '../../storage/ports.ts';

/** The languages the built-in theme speaks. */
const themeLocales = ['en', 'de', 'fr', 'es'];

/** Names of languages in themselves, for the language picker. */
const labels: Record<string, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

export interface LocaleSources {
  /** `kc_locale`: the person picked a language on the page. */
  kcLocale?: string | null;
  /** The `KEYCLOAK_LOCALE` cookie from an earlier pick. */
  cookie?: string | null;
  /** The signed-in user's `locale` attribute. */
  userLocale?: string | null;
  /** The client's `ui_locales` request parameter (space-separated, by preference). */
  uiLocales?: string | null;
  acceptLanguage?: string | null;
}

/** The locales a realm offers: its `supportedLocales`, or the theme's when it names none. */
export function realmLocales(realm: RealmRecord): string[] {
  const supported = realm.settings.supportedLocales;
  return Array.isArray(supported) && supported.length > 0 ? supported.filter((l): l is string => typeof l === 'string') : themeLocales;
}

function match(candidate: string | null | undefined, offered: string[]): string | undefined {
  if (!candidate) return undefined;
  const tag = candidate.trim().replace(/_/g, '-').toLowerCase();
  return offered.find((l) => l.toLowerCase() === tag) ?? offered.find((l) => l.toLowerCase() === tag.split('-')[0]);
}

/**
 * Keycloak's choice of page language: only with `internationalizationEnabled`, in the order
 * picked language (`kc_locale`), its cookie, the user's own locale, the client's `ui_locales`,
 * the browser's Accept-Language; else the realm's default locale, else English.
 */
export function resolveLocale(realm: RealmRecord, sources: LocaleSources): string {
  const fallback = realmSetting(realm, 'defaultLocale', 'en') || 'en';
  if (!realmSetting(realm, 'internationalizationEnabled', false)) return fallback;
  const offered = realmLocales(realm);
  const candidates = [
    sources.kcLocale,
    sources.cookie,
    sources.userLocale,
    ...(sources.uiLocales ?? '').split(' '),
    ...(sources.acceptLanguage ?? '')
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
        return { tag: tag ?? '', q: Number.isFinite(q) ? q : 0 };
      })
      .filter((x) => x.tag && x.q > 0)
      .sort((a, b) => b.q - a.q)
      .map((x) => x.tag),
  ];
  for (const candidate of candidates) {
    const found = match(candidate, offered);
    if (found) return found;
  }
  return match(fallback, offered) ?? fallback;
}

/** The language picker's entries: each offered locale with the current page's URL in that language. */
export function localeChoices(realm: RealmRecord, pageUrl: string): { languageTag: string; label: string; url: string }[] {
  if (!realmSetting(realm, 'internationalizationEnabled', false)) return [];
  return realmLocales(realm).map((languageTag) => {
    const url = new URL(pageUrl, 'http://placeholder');
    url.searchParams.set('kc_locale', languageTag);
    return { languageTag, label: labels[languageTag] ?? languageTag, url: `${url.pathname}${url.search}` };
  });
}
