import type { Clock } from '../../../kernel/clock.ts';
import type { CredentialRecord, RealmRecord, Repositories } from '../../../storage/ports.ts';

/** What was made before the import's transaction: hashes of plain passwords, by credential path. */
export interface PreparedSecrets {
  /** `users[3].credentials[0]` → the hashed credential. */
  passwords: Map<string, Omit<CredentialRecord, 'userId'>>;
}

/**
 * The state one realm import shares between its parts, inside its transaction: the realm,
 * and the ids the file's names resolve to (the file names things; the store keys by id).
 */
export interface ImportContext {
  tx: Repositories;
  realm: RealmRecord;
  /** The RealmRepresentation being imported. */
  rep: Record<string, unknown>;
  clock: Clock;
  prepared: PreparedSecrets;
  /** Realm role name → id. */
  realmRoles: Map<string, string>;
  /** clientId → internal id. */
  clients: Map<string, string>;
  /** clientId → (role name → id). */
  clientRoles: Map<string, Map<string, string>>;
  /** Client scope name → id. */
  scopes: Map<string, string>;
  /** Group path (`/a/b`) → id. */
  groups: Map<string, string>;
}

/** The id of a realm role, or of `clientId`'s role; undefined when there is none. */
export function roleId(ctx: ImportContext, name: string, clientId?: string): string | undefined {
  return clientId === undefined ? ctx.realmRoles.get(name) : ctx.clientRoles.get(clientId)?.get(name);
}
