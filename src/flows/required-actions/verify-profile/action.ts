import { recordEvent } from '../../../domain/events/service.ts';
import { profileErrors, profileIncomplete } from '../profile-complete.ts';
import type { RequiredAction } from '../required-action.ts';
import { authDetails, pageFieldErrors, profilePage, submitProfile } from '../update-profile/profile-form.ts';

/** Keycloak's provider id and alias (`UserModel.RequiredAction.VERIFY_PROFILE`), enabled by default since 24. */
const PROVIDER_ID = 'VERIFY_PROFILE';

/**
 * Keycloak's VERIFY_PROFILE (`VerifyUserProfile`): while the realm has it enabled, a user whose
 * stored data fails the realm's user profile (a required attribute missing, say, after an
 * import) is asked at sign-in, without the action being stored. The page is UPDATE_PROFILE's,
 * showing from the start what is wrong under each field, and records VERIFY_PROFILE with
 * `fields_to_update`, as Keycloak does when it shows it; the form saves as UPDATE_PROFILE does.
 */
export const verifyProfile: RequiredAction = {
  providerId: PROVIDER_ID,

  async evaluateTriggers(repos, realm, user) {
    return profileIncomplete(repos, realm, user);
  },

  async challenge(ctx, user) {
    const errors = await profileErrors(ctx.repos, ctx.realm, user, ctx.journey.locale ?? undefined);
    const fields = Object.keys(errors);
    // Stored for the user (an admin assigned it) although the profile passes: the page only confirms, no event.
    if (fields.length > 0) {
      const details = { ...authDetails(ctx, user), fields_to_update: fields.join(',') };
      await recordEvent(ctx.repos, ctx.realm, { type: 'VERIFY_PROFILE', clientId: ctx.journey.clientId, userId: user.id, ipAddress: ctx.request.ip, details }, ctx.clock);
    }
    return profilePage(ctx, user, pageFieldErrors(errors));
  },

  async process(ctx, user, form) {
    return submitProfile(ctx, user, form, PROVIDER_ID);
  },
};
