/**
 * What the Admin API says about each authentication provider, as Keycloak's factories do:
 * display name, help text, requirement choices and configuration properties. Steps Gatehouse
 * runs are described here, and so are Keycloak's other built-in providers that realm exports
 * name, so that their executions read as in Keycloak even though they do not run here.
 */
import type { Requirement } from '../../storage/ports.ts';

/** Keycloak's ConfigPropertyRepresentation. */
export interface ConfigProperty {
  name: string;
  label: string;
  helpText: string;
  /** `String`, `boolean`, `List`, `MultivaluedList`, `Password`, `int`… */
  type: string;
  defaultValue?: unknown;
  options?: string[];
  secret?: boolean;
  required?: boolean;
  readOnly?: boolean;
}

/** Which Admin API listing a provider appears in. */
export type ProviderKind = 'authenticator' | 'form' | 'form-action' | 'client-authenticator';

export interface ProviderDescription {
  kind: ProviderKind;
  displayName: string;
  description: string;
  requirementChoices: Requirement[];
  /** Empty when the provider takes no configuration (Keycloak's `isConfigurable` false). */
  properties: ConfigProperty[];
}

const ANY: Requirement[] = ['REQUIRED', 'ALTERNATIVE', 'DISABLED'];
const ALT: Requirement[] = ['ALTERNATIVE', 'DISABLED'];
const ON_OFF: Requirement[] = ['REQUIRED', 'DISABLED'];
const ONLY: Requirement[] = ['REQUIRED'];

const describe = (kind: ProviderKind, displayName: string, description: string, requirementChoices: Requirement[], properties: ConfigProperty[] = []): ProviderDescription => ({
  kind,
  displayName,
  description,
  requirementChoices,
  properties,
});

/** Every described provider by id. */
export const providerDescriptions: ReadonlyMap<string, ProviderDescription> = new Map([
  ['auth-cookie', describe('authenticator', 'Cookie', 'Validates the SSO cookie set by the auth server.', ALT)],
  ['auth-spnego', describe('authenticator', 'Kerberos', 'Initiates the SPNEGO protocol. Most often used with Kerberos.', ANY)],
  [
    'identity-provider-redirector',
    describe('authenticator', 'Identity Provider Redirector', 'Redirects to default Identity Provider or Identity Provider specified with kc_idp_hint query parameter', ANY, [
      { name: 'defaultProvider', label: 'Default Identity Provider', helpText: 'To automatically redirect to an identity provider set to the alias of the identity provider', type: 'String' },
    ]),
  ],
  ['organization', describe('authenticator', 'Organization Identity-First Login', 'If organizations are enabled, automatically redirects users to the corresponding identity provider.', ANY)],
  ['auth-username-password-form', describe('authenticator', 'Username Password Form', 'Validates a username and password from login form.', ONLY)],
  ['auth-otp-form', describe('authenticator', 'OTP Form', 'Validates a OTP on a separate OTP form.', ANY)],
  ['webauthn-authenticator', describe('authenticator', 'WebAuthn Authenticator', 'Authenticator for WebAuthn. Usually used for WebAuthn two-factor authentication', ANY)],
  ['auth-recovery-authn-code-form', describe('authenticator', 'Recovery Authentication Code Form', 'Validates a Recovery Authentication Code', ANY)],
  ['conditional-user-configured', describe('authenticator', 'Condition - user configured', 'Executes the current flow only if authenticators are configured', ON_OFF)],
  [
    'conditional-credential',
    describe('authenticator', 'Condition - credential', 'Condition to evaluate if a specific credential type has been used (or not used) by the user during the authentication process', ON_OFF, [
      { name: 'credentials', label: 'Credentials', helpText: 'The list of credentials to be considered by the condition.', type: 'MultivaluedList', options: ['password', 'otp', 'webauthn', 'webauthn-passwordless', 'recovery-authn-codes'] },
      { name: 'included', label: 'Included', helpText: 'If included is true, the condition matches when one of the credentials was used; if false, when none was.', type: 'boolean', defaultValue: 'false' },
    ]),
  ],
  ['direct-grant-validate-username', describe('authenticator', 'Username Validation', 'Validates the username supplied as a "username" form parameter in direct grant request', ONLY)],
  ['direct-grant-validate-password', describe('authenticator', 'Password', 'Validates the password supplied as a "password" form parameter in direct grant request', ON_OFF)],
  ['direct-grant-validate-otp', describe('authenticator', 'OTP', 'Validates the one time password supplied as a "totp" form parameter in direct grant request', ANY)],
  ['reset-credentials-choose-user', describe('authenticator', 'Choose User', 'Choose a user to reset credentials for', ONLY)],
  ['reset-credential-email', describe('authenticator', 'Send Reset Email', 'Send email to user and wait for response.', ON_OFF)],
  ['reset-password', describe('authenticator', 'Reset Password', 'Sets the Update Password required action if execution is REQUIRED.  Will also set it if execution is OPTIONAL and the password is currently configured for it.', ON_OFF)],
  ['reset-otp', describe('authenticator', 'Reset OTP', 'Removes existing OTP configurations (if chosen) and sets the Configure OTP required action.', ON_OFF)],
  ['idp-review-profile', describe('authenticator', 'Review Profile', 'User reviews and updates profile data retrieved from Identity Provider in the displayed form', ON_OFF)],
  ['idp-create-user-if-unique', describe('authenticator', 'Create User If Unique', 'Detect if there is existing Keycloak account with same email like identity provider. If no, create new user', ANY)],
  ['idp-confirm-link', describe('authenticator', 'Confirm link existing account', 'Show the form where user confirms if he wants to link identity provider with existing account or rather edit user profile data retrieved from identity provider to avoid conflict', ANY)],
  ['idp-email-verification', describe('authenticator', 'Verify existing account by Email', 'Email verification of existing Keycloak user, that wants to link his user account with identity provider', ANY)],
  ['idp-username-password-form', describe('authenticator', 'Username Password Form for identity provider reauthentication', 'Validates a password from login form. Username may be already known from identity provider authentication', ONLY)],
  ['docker-http-basic-authenticator', describe('authenticator', 'Docker Authenticator', 'Uses HTTP Basic authentication to validate docker users, returning a docker error token on auth failure', ONLY)],
  ['http-basic-authenticator', describe('authenticator', 'HTTP Basic Authentication', 'Validates username and password from Authorization HTTP header', ANY)],
  ['registration-page-form', describe('form', 'Registration Page', 'This is the controller for the registration page', ON_OFF)],
  [
    'registration-user-creation',
    describe('form-action', 'Registration User Profile Creation', 'This action must always be first! Validates the username and user profile of the user in validation phase.  In success phase, this will create the user in the database including his user profile.', ON_OFF),
  ],
  ['registration-password-action', describe('form-action', 'Password Validation', "Validates that password matches password confirmation field.  It also will store password in user's credential store.", ON_OFF)],
  ['registration-terms-and-conditions', describe('form-action', 'Terms and conditions', 'Asks the user to accept terms and conditions before submitting its registration form.', ON_OFF)],
  ['registration-recaptcha-action', describe('form-action', 'reCAPTCHA', 'Adds a captcha to the form: Google reCAPTCHA by default, or the provider named in captcha.provider.', ON_OFF, captchaProperties([
    { name: 'secret', label: 'reCAPTCHA Secret', helpText: 'The secret key the verify endpoint checks the answer with.', type: 'Password', secret: true },
    { name: 'useRecaptchaNet', label: 'use recaptcha.net', helpText: 'Load the widget from recaptcha.net instead of google.com.', type: 'boolean', defaultValue: false },
    { name: 'recaptcha.v3', label: 'Version 3', helpText: 'Score-based reCAPTCHA v3 instead of the v2 checkbox.', type: 'boolean', defaultValue: false },
  ]))],
  ['registration-recaptcha-enterprise', describe('form-action', 'reCAPTCHA Enterprise', 'Adds Google reCAPTCHA Enterprise to the form.', ON_OFF, captchaProperties([
    { name: 'project.id', label: 'Project ID', helpText: 'The Google Cloud project of the reCAPTCHA key.', type: 'String' },
    { name: 'api.key', label: 'API key', helpText: 'The API key the assessment is created with.', type: 'Password', secret: true },
  ]))],
  ['client-secret', describe('client-authenticator', 'Client Id and Secret', 'Validates client based on \'client_id\' and \'client_secret\' sent either in request parameters or in \'Authorization: Basic\' header', ANY)],
  ['client-jwt', describe('client-authenticator', 'Signed Jwt', 'Validates client based on signed JWT issued by client and signed with the Client private key', ANY)],
  ['client-secret-jwt', describe('client-authenticator', 'Signed Jwt with Client Secret', 'Validates client based on signed JWT issued by client and signed with the Client Secret', ANY)],
  ['client-x509', describe('client-authenticator', 'X509 Certificate', 'Validates client based on a X509 Certificate', ANY)],
]);

/** The configuration every captcha form action shares, around the vendor's own keys. */
function captchaProperties(vendor: ConfigProperty[]): ConfigProperty[] {
  return [
    { name: 'captcha.provider', label: 'Captcha provider', helpText: 'recaptcha, recaptcha-v3, recaptcha-enterprise, hcaptcha, turnstile or proof-of-work (self-hosted, no third party).', type: 'List', options: ['recaptcha', 'recaptcha-v3', 'recaptcha-enterprise', 'hcaptcha', 'turnstile', 'proof-of-work'] },
    { name: 'site.key', label: 'Site key', helpText: "The vendor's public site key (not used by proof-of-work).", type: 'String' },
    ...vendor,
    { name: 'action', label: 'Action name', helpText: 'The action the vendor checks the answer was given for (reCAPTCHA v3 and Enterprise).', type: 'String', defaultValue: 'register' },
    { name: 'score.threshold', label: 'Minimum score', helpText: 'Answers scored lower are refused (reCAPTCHA v3 and Enterprise, 0.0–1.0).', type: 'String', defaultValue: '0.7' },
    { name: 'verifyUrl', label: 'Verify URL', helpText: "Where answers are checked; the vendor's endpoint unless set.", type: 'String' },
  ];
}
