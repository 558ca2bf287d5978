/**
 * Message keys the journey pages use that Keycloak's bundles do not have: Gatehouse's own
 * texts for what it cannot do (yet). The login theme's bundles define them; the English text
 * each should have is beside it.
 */
export const messageKeys = {
  /** "Sign-in cannot continue: this realm's flow uses the authenticator ''{0}'', which this server does not provide." */
  unknownAuthenticator: 'unknownAuthenticatorMessage',
  /** "Sign-in cannot continue: the sign-in flow ''{0}'' of this realm cannot be completed." */
  flowIncomplete: 'flowIncompleteMessage',
  /** "Your account needs the action ''{0}'', which this server does not support yet. Contact your administrator." */
  requiredActionNotAvailable: 'requiredActionNotAvailableMessage',
  /** "Your account signs in with a one-time code, which this server does not support yet. Contact your administrator." */
  otpNotAvailable: 'otpNotAvailableMessage',
} as const;
