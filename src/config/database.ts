/**
 * Resolves the `--db*` options into the one thing the storage layer needs: a SQLite file or
 * a PostgreSQL connection string.
 */
import path from 'node:path';
import { optionByFlag, type GatehouseOptions, type OptionSpec } from './schema.ts';
import { invalidValue, type ValueSource } from './values.ts';

/** Where the data lives, ready to hand to the storage layer. */
export type DatabaseConfig =
  | { kind: 'sqlite'; /** Absolute path, or `:memory:`. */ file: string }
  | { kind: 'postgres'; connectionString: string; poolMax: number };

type Sources = ReadonlyMap<keyof GatehouseOptions, ValueSource>;

const postgresOnly = ['--db-url-host', '--db-url-port', '--db-url-database', '--db-username', '--db-password', '--db-pool-max'];
const urlParts = ['--db-url-host', '--db-url-port', '--db-url-database'];
const postgresUrl = /^postgres(ql)?:\/\//i;

/**
 * Builds the database settings. Relative SQLite paths are resolved against `cwd`; options
 * that the chosen vendor ignores produce a warning rather than an error, so one environment
 * file can serve both vendors.
 */
export function resolveDatabase(options: GatehouseOptions, sources: Sources, cwd: string, warnings: string[]): DatabaseConfig {
  const urlSpec = spec('--db-url');
  const urlSource = sources.get('dbUrl') ?? { kind: 'default' };
  const explicit = (flag: string) => sources.get(spec(flag).key)?.kind !== 'default';

  if (options.dbVendor === 'sqlite') {
    for (const flag of postgresOnly.filter(explicit)) warnings.push(`${flag} is ignored because --db is sqlite`);
    const url = options.dbUrl;
    if (url === undefined) return { kind: 'sqlite', file: path.join(options.dataDir, 'gatehouse.db') };
    if (postgresUrl.test(url) || url.startsWith('jdbc:')) {
      throw invalidValue(urlSpec, urlSource, redact(url), 'is a PostgreSQL URL, but --db is sqlite (add --db=postgres)');
    }
    const file = url.replace(/^sqlite:/i, '');
    if (file === '') throw invalidValue(urlSpec, urlSource, url, 'has no file path after "sqlite:"');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }

  const poolMax = options.dbPoolMax;
  if (options.dbUrl === undefined) return { kind: 'postgres', connectionString: fromParts(options), poolMax };

  for (const flag of urlParts.filter(explicit)) warnings.push(`${flag} is ignored because --db-url is set`);
  // Keycloak configurations carry JDBC URLs; the part after `jdbc:` is a valid libpq URL.
  const text = options.dbUrl.replace(/^jdbc:/i, '');
  if (!postgresUrl.test(text)) {
    throw invalidValue(urlSpec, urlSource, redact(options.dbUrl), 'is not a postgres:// URL');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidValue(urlSpec, urlSource, redact(text), 'is not a valid URL');
  }
  if (options.dbUsername === undefined && options.dbPassword === undefined) {
    return { kind: 'postgres', connectionString: text, poolMax };
  }
  // URL setters leave `%` alone, so encode first or a password containing `%` would be decoded.
  if (options.dbUsername !== undefined) url.username = encodeURIComponent(options.dbUsername);
  if (options.dbPassword !== undefined) url.password = encodeURIComponent(options.dbPassword);
  return { kind: 'postgres', connectionString: url.toString(), poolMax };
}

function fromParts(options: GatehouseOptions): string {
  const user = options.dbUsername === undefined ? '' : encodeURIComponent(options.dbUsername);
  const password = options.dbPassword === undefined ? '' : `:${encodeURIComponent(options.dbPassword)}`;
  const auth = user || password ? `${user}${password}@` : '';
  const host = options.dbUrlHost.includes(':') && !options.dbUrlHost.startsWith('[') ? `[${options.dbUrlHost}]` : options.dbUrlHost;
  return `postgres://${auth}${host}:${options.dbUrlPort}/${encodeURIComponent(options.dbUrlDatabase)}`;
}

/** A URL fit for an error message: passwords, in the user part or the query, are replaced. */
export function redact(value: string): string {
  return value
    .replace(/^([a-z][a-z0-9+.:-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
    .replace(/([?&]password=)[^&]*/gi, '$1***');
}

function spec(flag: string): OptionSpec {
  const found = optionByFlag(flag);
  if (!found) throw new Error(`Option schema has no ${flag}`);
  return found;
}
