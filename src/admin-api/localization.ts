/**
 * The realm's own texts, which win over the theme's message bundles on every page:
 * `GET /localization` (the locales that have some), `GET|POST|DELETE /localization/{locale}`,
 * `GET|PUT(text/plain)|DELETE /localization/{locale}/{key}`. They are kept as Keycloak's
 * export carries them, the realm setting `localizationTexts` (locale → key → text).
 */
import { realmLocalizationTexts } from '../domain/realms/localization-texts.ts';
import type { RealmRecord } from '../storage/ports.ts';
import { objectBody } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, queryBool, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { realmChanged } from './realm-changed.ts';

type Texts = Record<string, Record<string, string>>;

/** Changes the realm's texts inside a transaction on the fresh realm, then drops cached realm state. */
async function changeTexts(call: AdminCall, change: (texts: Texts) => void): Promise<void> {
  await call.deps.store.transaction(async (tx) => {
    const fresh = await tx.realms.findById(call.realm.id);
    if (!fresh) return;
    const texts = structuredClone(realmLocalizationTexts(fresh));
    change(texts);
    for (const [locale, map] of Object.entries(texts)) if (Object.keys(map).length === 0) delete texts[locale];
    await tx.realms.update({ ...fresh, settings: { ...fresh.settings, localizationTexts: texts } });
  });
  await realmChanged(call.deps, call.realm);
}

/** A locale from the path: a language tag, nothing that could not be one. */
function localeOf(call: AdminCall): string {
  const locale = call.params.locale ?? '';
  if (!/^[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*$/.test(locale)) throw badRequest(`Invalid locale: ${locale}`, 'locale');
  return locale;
}

const textsOf = (realm: RealmRecord, locale: string): Record<string, string> => realmLocalizationTexts(realm)[locale] ?? {};

async function listLocales(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: Object.keys(realmLocalizationTexts(call.realm)).sort() };
}

async function getLocale(call: AdminCall): Promise<AdminResponse> {
  const locale = localeOf(call);
  // `useRealmDefaultLocaleFallback`: the realm's default locale fills the keys this one lacks.
  const fallback = queryBool(call.query, 'useRealmDefaultLocaleFallback') === true && typeof call.realm.settings.defaultLocale === 'string' ? textsOf(call.realm, call.realm.settings.defaultLocale) : {};
  return { status: 200, body: { ...fallback, ...textsOf(call.realm, locale) } };
}

async function getText(call: AdminCall): Promise<AdminResponse> {
  const value = textsOf(call.realm, localeOf(call))[call.params.key ?? ''];
  if (value === undefined) throw notFound('Key not found');
  return { status: 200, body: value, contentType: 'text/plain; charset=utf-8' };
}

async function putText(call: AdminCall): Promise<AdminResponse> {
  const locale = localeOf(call);
  const key = call.params.key ?? '';
  if (key === '') throw badRequest('Missing key', 'key');
  if (typeof call.body !== 'string') throw new AdminError(400, { errorMessage: 'The text must be sent as text/plain' });
  const value = call.body;
  await changeTexts(call, (texts) => {
    texts[locale] = { ...texts[locale], [key]: value };
  });
  return noContent;
}

async function postTexts(call: AdminCall): Promise<AdminResponse> {
  const locale = localeOf(call);
  const body = objectBody(call.body);
  for (const [key, value] of Object.entries(body)) if (typeof value !== 'string') throw badRequest(`Invalid value for key '${key}': expected a string`, key);
  await changeTexts(call, (texts) => {
    texts[locale] = { ...texts[locale], ...(body as Record<string, string>) };
  });
  return noContent;
}

async function deleteLocale(call: AdminCall): Promise<AdminResponse> {
  const locale = localeOf(call);
  if (!(locale in realmLocalizationTexts(call.realm))) throw notFound(`No localization texts for locale ${locale} found.`);
  await changeTexts(call, (texts) => {
    delete texts[locale];
  });
  return noContent;
}

async function deleteText(call: AdminCall): Promise<AdminResponse> {
  const locale = localeOf(call);
  const key = call.params.key ?? '';
  if (!(key in textsOf(call.realm, locale))) throw notFound('Key does not exist.');
  await changeTexts(call, (texts) => {
    delete texts[locale]?.[key];
  });
  return noContent;
}

/** The localization routes. */
export const localizationRoutes: AdminRoute[] = [
  { method: 'GET', path: '/localization', permission: 'view-realm', handler: listLocales },
  { method: 'GET', path: '/localization/:locale', permission: 'any', handler: getLocale },
  { method: 'POST', path: '/localization/:locale', permission: 'manage-realm', handler: postTexts },
  { method: 'DELETE', path: '/localization/:locale', permission: 'manage-realm', handler: deleteLocale },
  { method: 'GET', path: '/localization/:locale/:key', permission: 'view-realm', handler: getText },
  { method: 'PUT', path: '/localization/:locale/:key', permission: 'manage-realm', handler: putText },
  { method: 'DELETE', path: '/localization/:locale/:key', permission: 'manage-realm', handler: deleteText },
];
