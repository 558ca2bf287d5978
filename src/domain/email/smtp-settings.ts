import type { RealmRecord } from '../../storage/ports.ts';
import type { SmtpSettings } from './model.ts';

/** The realm's `smtpServer` map with every value as a string (Keycloak stores them so); {} when unset. */
export function smtpSettingsOf(realm: RealmRecord): SmtpSettings {
  return smtpSettingsFrom(realm.settings.smtpServer);
}

/** Keeps the string-valued (and stringifies the number- and boolean-valued) entries of an `smtpServer` map. */
export function smtpSettingsFrom(value: unknown): SmtpSettings {
  const settings: SmtpSettings = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return settings;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') settings[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') settings[key] = String(entry);
  }
  return settings;
}
