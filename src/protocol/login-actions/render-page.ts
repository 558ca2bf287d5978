import type { JourneyState, Page } from '../../flows/index.ts';
import type { ClientRecord, UserRecord } from '../../storage/ports.ts';
import type { RealmEngine } from '../oidc/provider-registry.ts';
import type { LoginActionDeps, LoginActionRequest } from './authenticate.ts';
import { localeChoices, resolveLocale } from './locale.ts';
import { pageData } from './page-context.ts';

/** What a page outside a sign-in journey is shown for: the journey it belongs to, its client, its user. */
export interface PageFor {
  journey?: JourneyState;
  client?: ClientRecord;
  user?: UserRecord;
}

/** Renders a login-theme page in the person's language, as the sign-in pages are. */
export async function renderLoginPage(
  deps: LoginActionDeps,
  engine: RealmEngine,
  request: LoginActionRequest,
  page: Page,
  context: PageFor = {},
): Promise<{ kind: 'page'; status: number; html: string }> {
  const { realm } = engine;
  const userLocale = context.user ? (await deps.store.users.getAttributes(context.user.id)).locale?.[0] : undefined;
  const locale = resolveLocale(realm, {
    kcLocale: request.query.kc_locale ?? null,
    cookie: request.cookies.KEYCLOAK_LOCALE,
    userLocale,
    uiLocales: context.journey?.locale,
    acceptLanguage: request.acceptLanguage,
  });
  const client = context.client ?? (context.journey ? engine.snapshot.clientsByClientId.get(context.journey.clientId) : undefined);
  const html = await deps.render(realm, page, pageData(realm, client, context.journey, page), locale, localeChoices(realm, request.path));
  return { kind: 'page', status: page.status ?? 200, html };
}
