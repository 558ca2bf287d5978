/**
 * `GET /admin/serverinfo` (a minimal ServerInfoRepresentation: version, password policies,
 * login themes) and the admin console's `GET /admin/{realm}/console/whoami`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverInfoPasswordPolicies } from '../domain/password-policy/check.ts';
import { MASTER_REALM } from '../domain/realms/model.ts';
import { BUILTIN_THEME, shippedThemesDir } from '../themes/theme-registry.ts';
import type { AdminCall, AdminResponse, AdminRoute } from './types.ts';

/** The Gatehouse version shown as `systemInfo.version`. */
export const GATEHOUSE_VERSION = '0.1.0';

let loginLocales: string[] | undefined;

/** The built-in login theme's locales, from its theme.properties. */
function builtinLoginLocales(): string[] {
  if (!loginLocales) {
    try {
      const text = readFileSync(join(shippedThemesDir(), BUILTIN_THEME, 'login', 'theme.properties'), 'utf8');
      const line = /^\s*locales\s*[=:]\s*(.*)$/m.exec(text)?.[1] ?? 'en';
      loginLocales = line.split(',').map((l) => l.trim()).filter((l) => l !== '');
    } catch {
      loginLocales = ['en'];
    }
  }
  return loginLocales;
}

async function serverInfo(): Promise<AdminResponse> {
  return {
    status: 200,
    body: {
      systemInfo: { version: GATEHOUSE_VERSION, serverTime: new Date().toString(), uptime: `${Math.round(process.uptime())} seconds`, uptimeMillis: Math.round(process.uptime() * 1000) },
      passwordPolicies: serverInfoPasswordPolicies(),
      themes: { login: [{ name: BUILTIN_THEME, locales: builtinLoginLocales() }] },
    },
  };
}

/** The admin console's whoami: the caller, and their management roles per realm. */
async function whoAmI(call: AdminCall): Promise<AdminResponse> {
  const { caller, deps } = call;
  const access: Record<string, string[]> = {};
  for (const realm of await deps.store.realms.list()) {
    if (caller.masterAdmin) {
      access[realm.name] = ['manage-realm', 'view-realm', 'manage-users', 'view-users', 'query-users', 'manage-clients', 'view-clients', 'query-clients', 'query-groups', 'create-client', 'manage-events', 'view-events', 'manage-identity-providers', 'view-identity-providers', 'manage-authorization', 'view-authorization', 'impersonation', 'query-realms'];
      continue;
    }
    const roles = [...(await caller.rolesIn(realm))].sort();
    if (roles.length > 0) access[realm.name] = roles;
  }
  const name = [caller.user.firstName, caller.user.lastName].filter((n) => n).join(' ');
  return {
    status: 200,
    body: {
      userId: caller.user.id,
      realm: caller.realm.name,
      displayName: name || caller.user.username,
      locale: 'en',
      createRealm: caller.mayCreateRealm && caller.realm.name === MASTER_REALM,
      realm_access: access,
    },
  };
}

/** Server-wide routes (not under a realm). */
export const serverInfoRoutes: AdminRoute[] = [
  { method: 'GET', path: '/admin/serverinfo', global: true, permission: 'none', handler: serverInfo },
  { method: 'GET', path: '/admin/:console/console/whoami', global: true, permission: 'none', handler: whoAmI },
];
