import { realmPageData } from '../../flows/engine/page-data.ts';
import type { JourneyState, Page } from '../../flows/index.ts';
import type { ClientRecord, RealmRecord } from '../../storage/ports.ts';

/** What every login page's template sees besides the flow's own data (Keycloak's `url`, `realm`, `client`…). */
export function pageData(realm: RealmRecord, client: ClientRecord | undefined, state: JourneyState | undefined, page: Page): Record<string, unknown> {
  const realmPath = `/realms/${encodeURIComponent(realm.name)}`;
  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ ...(state ? { client_id: state.clientId, tab_id: state.tabId } : {}), ...extra }).toString();
  const endpoint = typeof page.data.loginActionEndpoint === 'string' ? page.data.loginActionEndpoint : 'authenticate';
  const execution = typeof page.data.execution === 'string' ? page.data.execution : '';
  const clientBase = typeof client?.data.baseUrl === 'string' ? client.data.baseUrl : undefined;
  const { fieldErrors, ...rest } = page.data;
  return {
    ...rest,
    realm: realmPageData(realm),
    client: client ? { clientId: client.clientId, name: client.data.name ?? client.clientId, baseUrl: clientBase } : undefined,
    auth: { attemptedUsername: state?.attemptedUsername ?? undefined, showUsername: Boolean(state?.attemptedUsername) },
    csrfToken: state?.csrfToken,
    messagesPerField: fieldErrors ?? {},
    url: {
      loginAction: `${realmPath}/login-actions/${endpoint}?${query(execution ? { execution } : {})}`,
      loginUrl: `${realmPath}/login-actions/authenticate?${query()}`,
      loginRestartFlowUrl: `${realmPath}/login-actions/restart?${query()}`,
      registrationUrl: `${realmPath}/login-actions/registration?${query()}`,
      loginResetCredentialsUrl: `${realmPath}/login-actions/reset-credentials?${query()}`,
    },
  };
}
