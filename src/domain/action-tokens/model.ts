/**
 * Action tokens: the signed links Keycloak sends by email (verify an address, reset a
 * password, run actions an administrator asked for), with Keycloak's claim names.
 */

/** Keycloak's action ids, which are also the tokens' `typ`. */
export const ACTION = {
  verifyEmail: 'verify-email',
  resetCredentials: 'reset-credentials',
  executeActions: 'execute-actions',
  updateEmail: 'update-email',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

export const actionIds: readonly string[] = Object.values(ACTION);

/** The claims of an action token (Keycloak's DefaultActionToken and its subclasses). */
export interface ActionTokenClaims {
  /** The action id. */
  typ: ActionId;
  /** The user the action is for. */
  sub: string;
  /** The email address the token was issued for; the token stops working when it changes. */
  eml: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  /** The token's id: single use is checked by it. */
  jti: string;
  iss: string;
  aud: string;
  /** The client the link leads back to. */
  azp?: string;
  /** The journey (authentication session) that asked for the link, so that the same browser carries on. */
  asid?: string;
  nonce?: string;
  /** Redirect uri after the actions (admin-issued links). */
  rdu?: string;
  /** Required actions to run (execute-actions). */
  rqac?: string[];
  /** update-email: the address that replaces `eml` once confirmed. */
  newEmail?: string;
  oldEmail?: string;
}

/** Why a link does not work; each gets its own page. */
export type ActionTokenProblem =
  /** Not a token of this realm: malformed, tampered with, signed elsewhere, unknown action. */
  | 'invalid'
  | 'expired'
  /** Used once already. */
  | 'used'
  /** The user no longer exists. */
  | 'user-not-found'
  | 'user-disabled'
  /** Issued for an address the user no longer has. */
  | 'email-changed';
