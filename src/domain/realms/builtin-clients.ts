import { clientDefaults } from '../clients/defaults.ts';

/**
 * The clients and client roles Keycloak creates in every realm, and the management roles it
 * creates for each realm (in the realm's own `realm-management` client, and in the master
 * realm's `{realm}-realm` client). Kept as data so that creation and import agree.
 */

/** A role and the roles of the same client it contains. */
export interface BuiltinRole {
  name: string;
  composites?: string[];
}

export interface BuiltinClient {
  clientId: string;
  roles: BuiltinRole[];
  /** ClientRepresentation fields other than id and clientId. */
  data: (realm: string) => Record<string, unknown>;
}

/** Keycloak's management roles; `realm-admin` (not in master) contains them all. */
export const managementRoles: BuiltinRole[] = [
  { name: 'create-client' },
  { name: 'impersonation' },
  { name: 'manage-authorization' },
  { name: 'manage-clients' },
  { name: 'manage-events' },
  { name: 'manage-identity-providers' },
  { name: 'manage-realm' },
  { name: 'manage-users' },
  { name: 'query-clients' },
  { name: 'query-groups' },
  { name: 'query-realms' },
  { name: 'query-users' },
  { name: 'view-authorization' },
  { name: 'view-clients', composites: ['query-clients'] },
  { name: 'view-events' },
  { name: 'view-identity-providers' },
  { name: 'view-realm' },
  { name: 'view-users', composites: ['query-users', 'query-groups'] },
];

const realmAdmin: BuiltinRole = { name: 'realm-admin', composites: managementRoles.map((r) => r.name) };

/** A built-in client: Keycloak's client defaults, with what its built-in clients have differently. */
function client(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...clientDefaults, surrogateAuthRequired: false, frontchannelLogout: false, fullScopeAllowed: false, nodeReRegistrationTimeout: 0, ...overrides };
}

const accountAudience = {
  name: 'audience resolve',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-resolve-mapper',
  consentRequired: false,
  config: {},
};

/** The clients every realm has. In master, `realm-management` is replaced by one `{realm}-realm` client per realm. */
export function builtinClients(isMaster: boolean): BuiltinClient[] {
  const clients: BuiltinClient[] = [
    {
      clientId: 'account',
      roles: [
        { name: 'delete-account' },
        { name: 'manage-account', composites: ['manage-account-links'] },
        { name: 'manage-account-links' },
        { name: 'manage-consent', composites: ['view-consent'] },
        { name: 'view-applications' },
        { name: 'view-consent' },
        { name: 'view-groups' },
        { name: 'view-profile' },
      ],
      data: (realm) =>
        client({
          name: '${client_account}',
          rootUrl: '${authBaseUrl}',
          baseUrl: `/realms/${realm}/account/`,
          redirectUris: [`/realms/${realm}/account/*`],
          publicClient: true,
          attributes: { realm_client: 'false', 'post.logout.redirect.uris': '+' },
        }),
    },
    {
      clientId: 'account-console',
      roles: [],
      data: (realm) =>
        client({
          name: '${client_account-console}',
          rootUrl: '${authBaseUrl}',
          baseUrl: `/realms/${realm}/account/`,
          redirectUris: [`/realms/${realm}/account/*`],
          publicClient: true,
          attributes: { realm_client: 'false', 'post.logout.redirect.uris': '+', 'pkce.code.challenge.method': 'S256' },
          protocolMappers: [accountAudience],
        }),
    },
    {
      clientId: 'admin-cli',
      roles: [],
      data: () =>
        client({
          name: '${client_admin-cli}',
          standardFlowEnabled: false,
          directAccessGrantsEnabled: true,
          publicClient: true,
          fullScopeAllowed: true,
          attributes: { realm_client: 'false', 'client.use.lightweight.access.token.enabled': 'true' },
        }),
    },
    {
      clientId: 'broker',
      roles: [{ name: 'read-token' }],
      data: () => client({ name: '${client_broker}', bearerOnly: true, attributes: { realm_client: 'true' } }),
    },
    {
      clientId: 'security-admin-console',
      roles: [],
      data: (realm) =>
        client({
          name: '${client_security-admin-console}',
          rootUrl: '${authAdminUrl}',
          baseUrl: `/admin/${realm}/console/`,
          redirectUris: [`/admin/${realm}/console/*`],
          webOrigins: ['+'],
          publicClient: true,
          fullScopeAllowed: true,
          attributes: {
            realm_client: 'false',
            'client.use.lightweight.access.token.enabled': 'true',
            'post.logout.redirect.uris': '+',
            'pkce.code.challenge.method': 'S256',
          },
          protocolMappers: [
            {
              name: 'locale',
              protocol: 'openid-connect',
              protocolMapper: 'oidc-usermodel-attribute-mapper',
              consentRequired: false,
              config: {
                'introspection.token.claim': 'true',
                'userinfo.token.claim': 'true',
                'user.attribute': 'locale',
                'id.token.claim': 'true',
                'access.token.claim': 'true',
                'claim.name': 'locale',
                'jsonType.label': 'String',
              },
            },
          ],
        }),
    },
  ];
  if (!isMaster) clients.push(realmManagementClient('realm-management', '${client_realm-management}', true));
  return clients;
}

/**
 * The client that holds a realm's management roles: `realm-management` inside the realm, or
 * `{realm}-realm` inside master (where master's `admin` role, not `realm-admin`, grants them).
 */
export function realmManagementClient(clientId: string, name: string, withRealmAdmin: boolean): BuiltinClient {
  return {
    clientId,
    roles: withRealmAdmin ? [...managementRoles, realmAdmin] : managementRoles,
    data: () => client({ name, bearerOnly: true, attributes: { realm_client: 'true' } }),
  };
}

/** The realm roles of every realm, besides `default-roles-{realm}`; master adds `admin` and `create-realm`. */
export const builtinRealmRoles = [
  { name: 'offline_access', description: '${role_offline-access}' },
  { name: 'uma_authorization', description: '${role_uma_authorization}' },
];
