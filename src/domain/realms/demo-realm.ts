import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Store } from '../../storage/ports.ts';
import { defaultProfileConfig, writeProfileConfig } from '../profile/index.ts';
import { createRealm, prepareRealmKeys, type RealmSeeder } from './service.ts';

export const DEMO_REALM = 'demo';

/**
 * The realm a newcomer meets on `npm start`: sign-up open behind a self-hosted proof-of-work
 * captcha, versioned terms to accept, a
 * phone number with a pattern in the profile, events recorded, four languages. Created once,
 * on a fresh database in development mode.
 */
export async function ensureDemoRealm(store: Store, clock: Clock, seed: RealmSeeder): Promise<{ created: boolean }> {
  if (await store.realms.findByName(DEMO_REALM)) return { created: false };
  const id = newId();
  const keys = await prepareRealmKeys(id, clock);
  const profile = defaultProfileConfig();
  profile.attributes.push({
    name: 'phoneNumber',
    displayName: '${phoneNumber}',
    validations: { pattern: { pattern: '^\\+?[0-9 ()-]{6,20}$', 'error-message': 'invalidPhoneNumberMessage' } },
    annotations: { inputType: 'html5-tel', inputHelperTextAfter: '${phoneNumberHelp}' },
    permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
    multivalued: false,
  });
  try {
    await store.transaction(async (tx) => {
      const realm = await createRealm(
        tx,
        {
          id,
          name: DEMO_REALM,
          keys,
          seed,
          settings: {
            displayName: 'Gatehouse demo',
            registrationAllowed: true,
            rememberMe: true,
            eventsEnabled: true,
            internationalizationEnabled: true,
            supportedLocales: ['en', 'de', 'fr', 'es'],
            defaultLocale: 'en',
            passwordPolicy: 'length(8) and notUsername and notEmail',
          },
        },
        clock,
      );
      await writeProfileConfig(tx, realm, profile);
      for (const execution of await tx.flows.listRealmExecutions(realm.id)) {
        if (execution.authenticator === 'registration-terms-and-conditions') await tx.flows.updateExecution({ ...execution, requirement: 'REQUIRED' });
        if (execution.authenticator === 'registration-recaptcha-action') {
          // The self-hosted proof-of-work captcha: no third party, works offline.
          const configId = newId();
          await tx.flows.createConfig({ id: configId, realmId: realm.id, alias: 'demo-proof-of-work', config: { 'captcha.provider': 'proof-of-work', maxNumber: '50000' } });
          await tx.flows.updateExecution({ ...execution, requirement: 'REQUIRED', configId });
        }
      }
      const terms = (await tx.requiredActions.list(realm.id)).find((a) => a.alias === 'TERMS_AND_CONDITIONS');
      if (terms) await tx.requiredActions.update({ ...terms, enabled: true });
    });
  } catch (error) {
    // Another process starting on the same fresh database created it first.
    if (isGatehouseError(error, 'GH_CONFLICT') && (await store.realms.findByName(DEMO_REALM))) return { created: false };
    throw error;
  }
  return { created: true };
}
