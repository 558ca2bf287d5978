/**
 * Shapes shared by Keycloak's password policies: each policy is a small definition (id,
 * admin-console metadata, how to read its value, how to check a password), and a check yields
 * Keycloak's message key with its `{n}` parameters.
 */

/** One refusal: Keycloak's message key (see `messages.ts`) and the values of its `{n}` slots. */
export interface PolicyFailure { key: string; params: string[] }

/**
 * A stored password hash the history policies compare against, in Keycloak's stored shape.
 * `type` is `password` for the current one and `password-history` for replaced ones; a
 * `CredentialRecord` fits as it is. Without types, the newest entry counts as the current one.
 */
export interface StoredPasswordEntry { type?: string; secretData: string; credentialData: string; createdDate: number }

/** What a password is checked against besides the policy itself. */
export interface CheckContext {
  username?: string;
  email?: string;
  /** The user's current and previous password hashes (any order); other credential types are ignored. */
  history?: readonly StoredPasswordEntry[];
  /** Milliseconds since the epoch. */
  now: number;
  /** The server's data directory; blacklists live in `<dataDir>/password-blacklists/`. */
  dataDir: string;
}

/** A check's context plus a memoised hash comparison, so two history policies verify each hash once. */
export interface CheckRun extends CheckContext {
  /** Whether the password being checked is the one `entry` hashes; an unreadable hash is no match. */
  matches(entry: StoredPasswordEntry): Promise<boolean>;
}

/** Keycloak's `configType` values for the admin console (`null` for a policy without a value). */
export type ConfigType = 'int' | 'String' | null;

/**
 * A password policy as Keycloak's `PasswordPolicyProviderFactory` describes it, plus its rule.
 * `C` is the parsed value.
 */
export interface PolicyDefinition<Id extends string = string, C = unknown> {
  readonly id: Id;
  readonly displayName: string;
  readonly configType: ConfigType;
  readonly defaultValue: string | null;
  readonly multipleSupported: boolean;
  /** Keycloak's message key, for a policy that can refuse a password. */
  readonly messageKey?: string;
  /**
   * Reads the text between the parentheses (`undefined` without parentheses).
   * @throws PolicyConfigError with Keycloak's reason ("Not a valid number", …).
   */
  parse(value: string | undefined): C;
  /** Checks a password; policies that only configure something have no check. */
  check?(config: C, password: string, run: CheckRun): PolicyFailure | undefined | Promise<PolicyFailure | undefined>;
}

/** A policy value that cannot be read; the parser reports it as "Invalid config for <id>: <message>". */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyConfigError';
  }
}

/** Declares a policy, keeping its id as a literal type. */
export function definePolicy<const Id extends string, C>(definition: PolicyDefinition<Id, C>): PolicyDefinition<Id, C> {
  return Object.freeze(definition);
}
