import type { RequiredAction } from '../required-action.ts';
import { profilePage, submitProfile } from './profile-form.ts';

/** Keycloak's provider id and alias (`UserModel.RequiredAction.UPDATE_PROFILE`). */
const PROVIDER_ID = 'UPDATE_PROFILE';

/**
 * Keycloak's UPDATE_PROFILE: asked when the user has the stored action (an admin assigned
 * it). The page shows the realm's user profile in the UPDATE_PROFILE context filled with the
 * stored values; a valid submission saves it, records UPDATE_PROFILE with the changes and
 * removes the action.
 */
export const updateProfile: RequiredAction = {
  providerId: PROVIDER_ID,

  async challenge(ctx, user) {
    return profilePage(ctx, user);
  },

  async process(ctx, user, form) {
    return submitProfile(ctx, user, form, PROVIDER_ID);
  },
};
