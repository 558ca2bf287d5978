import type { Step, StepRegistry } from '../engine/step.ts';
import { authCookie } from './auth-cookie/step.ts';
import { otpForm } from './auth-otp-form/step.ts';
import { usernamePasswordForm } from './auth-username-password-form/step.ts';
import { conditionalCredential } from './conditional-credential/step.ts';
import { conditionalUserConfigured } from './conditional-user-configured/step.ts';
import { identityProviderRedirector } from './identity-provider-redirector/step.ts';
import { organization } from './organization/step.ts';
import { registrationPageForm } from './registration-page-form/step.ts';
import { registrationPasswordAction } from './registration-password-action/step.ts';
import { registrationRecaptchaAction, registrationRecaptchaEnterprise } from './registration-recaptcha-action/step.ts';
import { registrationTermsAndConditions } from './registration-terms-and-conditions/step.ts';
import { registrationUserCreation } from './registration-user-creation/step.ts';
import { resetCredentialEmail } from './reset-credential-email/step.ts';
import { resetCredentialsChooseUser } from './reset-credentials-choose-user/step.ts';
import { resetOtp } from './reset-otp/step.ts';
import { resetPassword } from './reset-password/step.ts';

/** Every step Gatehouse provides; a flow naming any other provider id meets the unknown-provider rules. */
export const builtinStepList: readonly Step[] = [
  authCookie,
  identityProviderRedirector,
  organization,
  usernamePasswordForm,
  conditionalUserConfigured,
  conditionalCredential,
  otpForm,
  registrationPageForm,
  registrationUserCreation,
  registrationPasswordAction,
  registrationTermsAndConditions,
  resetCredentialsChooseUser,
  resetCredentialEmail,
  resetPassword,
  resetOtp,
  registrationRecaptchaAction,
  registrationRecaptchaEnterprise,
];

/** {@link builtinStepList} by provider id. */
export const builtinSteps: StepRegistry = new Map(builtinStepList.map((s) => [s.id, s]));

export { providerDescriptions, type ConfigProperty, type ProviderDescription, type ProviderKind } from './provider-descriptions.ts';
