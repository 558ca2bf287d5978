import KcAdminClient from '@keycloak/keycloak-admin-client';

/**
 * Keycloak's own admin client against a test server, signed in as the master realm's
 * `admin` through `admin-cli` and working on `realm`, as an operator's script would.
 */
export async function adminClientFor(baseUrl: string, realm: string): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: realm });
  return kc;
}
