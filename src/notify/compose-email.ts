import { emailLocale } from '../domain/email/index.ts';
import type { RealmRecord } from '../storage/ports.ts';
import { renderEmail, type RenderedEmail } from '../themes/render-email.ts';
import type { ThemeRegistry } from '../themes/theme-registry.ts';

/** What to render: a template with its subject and variables, for a user whose locale may be known. */
export interface EmailContent {
  template: string;
  subjectKey: string;
  subjectParams: string[];
  attributes: Record<string, unknown>;
  locale: string | null;
}

/**
 * Renders an email with the realm's email theme in the recipient's language. `realmName`
 * defaults to the realm's display name, as Keycloak's templates expect it.
 */
export function composeEmail(realm: RealmRecord, content: EmailContent, registry?: ThemeRegistry): Promise<RenderedEmail> {
  const displayName = typeof realm.settings.displayName === 'string' && realm.settings.displayName.trim() !== '' ? realm.settings.displayName : realm.name;
  return renderEmail({
    theme: typeof realm.settings.emailTheme === 'string' ? realm.settings.emailTheme : undefined,
    template: content.template,
    locale: emailLocale(realm, content.locale),
    subjectKey: content.subjectKey,
    subjectParams: content.subjectParams,
    attributes: { realmName: displayName, ...content.attributes },
    ...(registry ? { registry } : {}),
  });
}

/** The web links in a text body, for the dev-mode log line. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"']+/g) ?? [])];
}
