import { actionNames, type RequiredAction } from './required-action.ts';
import { termsAndConditions } from './terms-and-conditions/action.ts';
import { updatePassword } from './update-password/action.ts';
import { updateProfile } from './update-profile/action.ts';
import { verifyEmail } from './verify-email/action.ts';
import { verifyProfile } from './verify-profile/action.ts';

/** The actions by every name they answer to (provider id and aliases). */
export function requiredActionRegistry(actions: readonly RequiredAction[]): ReadonlyMap<string, RequiredAction> {
  return new Map(actions.flatMap((action) => actionNames(action).map((name) => [name, action] as const)));
}

/** The required actions Gatehouse implements, by provider id and alias. */
export const builtinRequiredActions: ReadonlyMap<string, RequiredAction> = requiredActionRegistry([
  termsAndConditions,
  updatePassword,
  updateProfile,
  verifyProfile,
  verifyEmail,
]);
