import { realmSetting } from '../../domain/realms/model.ts';
import type { RealmRecord } from '../../storage/ports.ts';

/** The `realm` attributes Keycloak's login templates read (login.ftl's `realm.*`). */
export function realmPageData(realm: RealmRecord): Record<string, unknown> {
  return {
    name: realm.name,
    displayName: realmSetting(realm, 'displayName', realm.name),
    rememberMe: realmSetting(realm, 'rememberMe', false),
    loginWithEmailAllowed: realmSetting(realm, 'loginWithEmailAllowed', true),
    registrationEmailAsUsername: realmSetting(realm, 'registrationEmailAsUsername', false),
    registrationAllowed: realmSetting(realm, 'registrationAllowed', false),
    resetPasswordAllowed: realmSetting(realm, 'resetPasswordAllowed', false),
    internationalizationEnabled: realmSetting(realm, 'internationalizationEnabled', false),
    password: true,
  };
}
