import { GatehouseError } from '../../../kernel/errors.ts';

/** One realm found in a set of import files. */
export interface RealmInFile {
  /** The file the realm came from, for messages. */
  file: string;
  rep: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `${NAME}` or `${NAME:default}`, the placeholders Keycloak resolves in files imported by the server. */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:default}` with the environment's value (or the default),
 * as Keycloak does for the files `import` and `--import-realm` read; a placeholder with
 * neither stays as it is (message keys such as `${role_default-roles}` are never variables).
 * Values are JSON-escaped, since they land inside JSON strings.
 */
export function substituteEnvironment(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
    const value = env[name] ?? fallback;
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
}

/**
 * Reads Keycloak's export layouts: a realm object per file, a whole-server array of realms,
 * and `<realm>-users-<n>.json` files (`{realm, users}`) whose users join their realm. A file
 * that is not JSON, or a users file whose realm is missing, is an error naming the file.
 */
export function realmsInFiles(files: { name: string; text: string }[], env?: Readonly<Record<string, string | undefined>>): RealmInFile[] {
  const realms: RealmInFile[] = [];
  const userFiles: { name: string; realm: string; users: unknown[] }[] = [];
  for (const { name, text } of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env ? substituteEnvironment(text, env) : text);
    } catch (error) {
      throw new GatehouseError('GH_INVALID_INPUT', [`${name}: not valid JSON (${(error as Error).message})`]);
    }
    const entries = Array.isArray(parsed) ? parsed : [parsed];
    for (const [i, entry] of entries.entries()) {
      if (!isObject(entry) || typeof entry.realm !== 'string') throw new GatehouseError('GH_INVALID_INPUT', [`${name}${Array.isArray(parsed) ? `[${i}]` : ''}: not a realm representation (no "realm" name)`]);
      const keys = Object.keys(entry).filter((k) => k !== 'realm');
      if (/-users-\d+\.json$/.test(name) && keys.every((k) => k === 'users')) userFiles.push({ name, realm: entry.realm, users: Array.isArray(entry.users) ? entry.users : [] });
      else realms.push({ file: name, rep: entry });
    }
  }
  for (const users of userFiles) {
    const realm = realms.find((r) => r.rep.realm === users.realm);
    if (!realm) throw new GatehouseError('GH_INVALID_INPUT', [`${users.name}: realm "${users.realm}" is in none of the files`]);
    realm.rep = { ...realm.rep, users: [...(Array.isArray(realm.rep.users) ? realm.rep.users : []), ...users.users] };
  }
  return realms;
}
