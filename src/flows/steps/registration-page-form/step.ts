import { realmPageData } from '../../engine/page-data.ts';
import type { FormPage } from '../../engine/step.ts';

/**
 * Keycloak's `registration-page-form`: the registration page. Its form actions add the
 * profile fields, the password, the terms; this step only frames the page.
 */
export const registrationPageForm: FormPage = {
  kind: 'form-page',
  id: 'registration-page-form',
  template: 'register.liquid',
  async pageData(ctx) {
    return { realm: realmPageData(ctx.realm), passwordRequired: false, termsAcceptanceRequired: false, passwordPolicies: [] };
  },
};
