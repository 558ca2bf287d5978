import { formValue, type FieldErrors } from '../../engine/outcomes.ts';
import type { FormAction } from '../../engine/step.ts';
import { recordTermsAcceptance, termsVersion } from '../../terms/terms.ts';

/**
 * Keycloak's `registration-terms-and-conditions`: the terms on the registration page and a
 * box to tick. Beyond Keycloak, the acceptance is recorded with the realm's terms version.
 */
export const registrationTermsAndConditions: FormAction = {
  kind: 'form-action',
  id: 'registration-terms-and-conditions',

  async buildPage(ctx, data) {
    data.termsAcceptanceRequired = true;
    data.termsVersion = termsVersion(ctx.realm);
  },

  async validate(_ctx, form): Promise<FieldErrors> {
    return formValue(form, 'termsAccepted') === 'on' ? {} : { termsAccepted: ['termsAcceptanceRequired'] };
  },

  async success(ctx, _form, tx) {
    if (ctx.journey.userId) await recordTermsAcceptance(tx, ctx.realm, ctx.journey.userId, ctx.clock);
  },
};
