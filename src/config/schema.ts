/**
 * The option schema: the single source for parsing (load.ts), `--help` (help.ts) and the
 * README options table (scripts/options-table.ts). Names follow Keycloak so that a Keycloak
 * deployment's flags and `KC_*` variables keep working.
 */

/** The commands of `gatehouse <command>`. */
export const commands = ['start', 'start-dev', 'import', 'export'] as const;
export type CommandName = (typeof commands)[number];

/** One line per command, shown in `--help`. */
export const commandDescriptions: Record<CommandName, string> = {
  start: 'Start the server in production mode (requires --hostname or --proxy-headers).',
  'start-dev': 'Start the server in development mode, with local defaults and an admin/admin account.',
  import: 'Import realms from Keycloak-format JSON files (--file or --dir), each realm in one transaction.',
  export: 'Export realms to Keycloak-format JSON files (--file or --dir), with or without their users.',
};

export type OptionType = 'string' | 'integer' | 'boolean' | 'enum' | 'list';
export type OptionValue = string | number | boolean | readonly string[];

/** Help sections, in display order. */
export const optionGroups = ['General', 'HTTP', 'Hostname', 'Database', 'Bootstrap admin', 'Logging', 'Import/export', 'Email'] as const;
export type OptionGroup = (typeof optionGroups)[number];

/** How one option is named, typed, defaulted and documented. */
export interface OptionSpec {
  /** Property name in {@link GatehouseOptions}. */
  readonly key: keyof GatehouseOptions;
  /** Command-line flag, e.g. `--http-port`; env names derive from it. */
  readonly flag: `--${string}`;
  readonly type: OptionType;
  /** Allowed values of an `enum` option. */
  readonly values?: readonly string[];
  /** Inclusive bounds of an `integer` option. */
  readonly min?: number;
  readonly max?: number;
  /** Default in every mode; absent means "unset". */
  readonly default?: OptionValue;
  /** Default in `start-dev`, when it differs from {@link OptionSpec.default}. */
  readonly devDefault?: OptionValue;
  /** Shown instead of the default when the real default is computed from other options. */
  readonly defaultText?: string;
  /** One sentence for `--help` and the README. */
  readonly description: string;
  /** Value placeholder in help, e.g. `<port>`. */
  readonly placeholder?: string;
  readonly commands: readonly CommandName[];
  readonly group: OptionGroup;
  /** Never printed: help and the README show `<hidden>` instead of its default. */
  readonly secret?: boolean;
  /** Relative values are resolved against the working directory. */
  readonly path?: boolean;
}

export type ProxyHeaders = 'forwarded' | 'xforwarded';
export type DbVendor = 'sqlite' | 'postgres';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
export type ExportUsers = 'skip' | 'realm_file' | 'different_files';
export type RateLimitStore = 'memory' | 'database';

/**
 * Every option after resolution. `undefined` means "not set anywhere and no default".
 * `--db` is `dbVendor` because `GatehouseConfig.db` holds the resolved database settings.
 */
export interface GatehouseOptions {
  configFile: string | undefined;
  dataDir: string;
  httpPort: number;
  httpHost: string;
  hostname: string | undefined;
  proxyHeaders: ProxyHeaders | undefined;
  dbVendor: DbVendor;
  dbUrl: string | undefined;
  dbUrlHost: string;
  dbUrlPort: number;
  dbUrlDatabase: string;
  dbUsername: string | undefined;
  dbPassword: string | undefined;
  dbPoolMax: number;
  bootstrapAdminUsername: string | undefined;
  bootstrapAdminPassword: string | undefined;
  logLevel: LogLevel;
  importRealm: boolean;
  file: string | undefined;
  dir: string | undefined;
  realm: string | undefined;
  users: ExportUsers;
  emailRetryInitialDelay: number;
  emailRetryMaxDelay: number;
  emailRetryPeriod: number;
  smtpTlsRejectUnauthorized: boolean;
  smtpTlsCaFile: string | undefined;
  rateLimitStore: RateLimitStore | undefined;
  override: 'true' | 'false';
}

const server: readonly CommandName[] = ['start', 'start-dev'];
const all: readonly CommandName[] = commands;
const importExport: readonly CommandName[] = ['import', 'export'];

const entries = [
  { key: 'configFile', flag: '--config-file', type: 'string', placeholder: '<path>', path: true, group: 'General', commands: all,
    description: 'JSON file of options keyed by flag name (e.g. {"http-port": 8081}); flags and environment variables override it.' },
  { key: 'dataDir', flag: '--data-dir', type: 'string', default: 'data', placeholder: '<path>', path: true, group: 'General', commands: all,
    description: 'Directory for local data such as the default SQLite database.' },

  { key: 'httpPort', flag: '--http-port', type: 'integer', min: 1, max: 65535, default: 8080, placeholder: '<port>', group: 'HTTP', commands: server,
    description: 'TCP port the HTTP server listens on.' },
  { key: 'httpHost', flag: '--http-host', type: 'string', default: '0.0.0.0', placeholder: '<address>', group: 'HTTP', commands: server,
    description: 'Network address the HTTP server binds to.' },

  { key: 'hostname', flag: '--hostname', type: 'string', placeholder: '<host|url>', group: 'Hostname', commands: server,
    description: 'Public hostname or base URL (e.g. https://id.example.com) used in issuer URLs and links; required by start unless --proxy-headers is set.' },
  { key: 'proxyHeaders', flag: '--proxy-headers', type: 'enum', values: ['forwarded', 'xforwarded'], group: 'Hostname', commands: server,
    description: 'Trust the reverse proxy\'s Forwarded or X-Forwarded-* headers to work out the public URL of each request.' },

  { key: 'dbVendor', flag: '--db', type: 'enum', values: ['sqlite', 'postgres'], default: 'sqlite', group: 'Database', commands: all,
    description: 'Database vendor.' },
  { key: 'dbUrl', flag: '--db-url', type: 'string', placeholder: '<url|path>', defaultText: '<data-dir>/gatehouse.db for sqlite', group: 'Database', commands: all,
    description: 'Database location: a file path or sqlite:path for SQLite, a postgres:// URL for PostgreSQL.' },
  { key: 'dbUrlHost', flag: '--db-url-host', type: 'string', default: '127.0.0.1', placeholder: '<host>', group: 'Database', commands: all,
    description: 'PostgreSQL host, used when --db-url is not set.' },
  { key: 'dbUrlPort', flag: '--db-url-port', type: 'integer', min: 1, max: 65535, default: 5432, placeholder: '<port>', group: 'Database', commands: all,
    description: 'PostgreSQL port, used when --db-url is not set.' },
  { key: 'dbUrlDatabase', flag: '--db-url-database', type: 'string', default: 'gatehouse', placeholder: '<name>', group: 'Database', commands: all,
    description: 'PostgreSQL database name, used when --db-url is not set.' },
  { key: 'dbUsername', flag: '--db-username', type: 'string', placeholder: '<name>', group: 'Database', commands: all,
    description: 'PostgreSQL user; overrides a user given in --db-url.' },
  { key: 'dbPassword', flag: '--db-password', type: 'string', secret: true, placeholder: '<password>', group: 'Database', commands: all,
    description: 'PostgreSQL password; overrides a password given in --db-url.' },
  { key: 'dbPoolMax', flag: '--db-pool-max', type: 'integer', min: 1, max: 1000, default: 16, placeholder: '<n>', group: 'Database', commands: all,
    description: 'Maximum number of PostgreSQL connections in the pool.' },

  { key: 'bootstrapAdminUsername', flag: '--bootstrap-admin-username', type: 'string', devDefault: 'admin', placeholder: '<name>', group: 'Bootstrap admin', commands: server,
    description: 'Username of the administrator created in the master realm when the database is new.' },
  { key: 'bootstrapAdminPassword', flag: '--bootstrap-admin-password', type: 'string', devDefault: 'admin', secret: true, placeholder: '<password>', group: 'Bootstrap admin', commands: server,
    description: 'Password of that administrator; start refuses to create the master realm without one.' },

  { key: 'logLevel', flag: '--log-level', type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], default: 'info', group: 'Logging', commands: all,
    description: 'Least severe level of log messages that are written.' },

  { key: 'importRealm', flag: '--import-realm', type: 'boolean', default: false, group: 'Import/export', commands: server,
    description: 'Import the realm files in <data-dir>/import at startup, skipping realms that already exist.' },
  { key: 'file', flag: '--file', type: 'string', placeholder: '<path>', path: true, group: 'Import/export', commands: importExport,
    description: 'Single JSON file to import from or export to.' },
  { key: 'dir', flag: '--dir', type: 'string', placeholder: '<path>', path: true, group: 'Import/export', commands: importExport,
    description: 'Directory to import from or export to, one file per realm.' },
  { key: 'realm', flag: '--realm', type: 'string', placeholder: '<name>', group: 'Import/export', commands: importExport,
    description: 'Only import or export this realm.' },
  { key: 'users', flag: '--users', type: 'enum', values: ['skip', 'realm_file', 'different_files'], default: 'different_files', group: 'Import/export', commands: importExport,
    description: 'Where users go: left out, inside the realm file, or in separate files.' },

  { key: 'emailRetryInitialDelay', flag: '--email-retry-initial-delay', type: 'integer', min: 1, max: 86400, default: 10, placeholder: '<seconds>', group: 'Email', commands: server,
    description: 'Seconds before an email the SMTP server did not take is tried again; each further attempt waits twice as long.' },
  { key: 'emailRetryMaxDelay', flag: '--email-retry-max-delay', type: 'integer', min: 1, max: 86400, default: 600, placeholder: '<seconds>', group: 'Email', commands: server,
    description: 'Longest wait between two attempts to send one email.' },
  { key: 'emailRetryPeriod', flag: '--email-retry-period', type: 'integer', min: 1, max: 2592000, default: 86400, placeholder: '<seconds>', group: 'Email', commands: server,
    description: 'How long after it was written an email is retried before it is given up (logged and kept as dead).' },
  { key: 'smtpTlsRejectUnauthorized', flag: '--smtp-tls-reject-unauthorized', type: 'boolean', default: true, group: 'Email', commands: server,
    description: 'Refuse SMTP servers whose TLS certificate is not trusted; false accepts any certificate (testing only).' },
  { key: 'smtpTlsCaFile', flag: '--smtp-tls-ca-file', type: 'string', placeholder: '<path>', path: true, group: 'Email', commands: server,
    description: 'PEM file of certificate authorities trusted for SMTP servers, besides the system ones (like Keycloak\'s truststore).' },
  { key: 'rateLimitStore', flag: '--rate-limit-store', type: 'enum', values: ['memory', 'database'], defaultText: 'database on PostgreSQL, memory on SQLite', group: 'HTTP', commands: server,
    description: 'Where rate-limit counters live: this process\'s memory (one node), or the database, shared by every node on it.' },
  { key: 'override', flag: '--override', type: 'enum', values: ['true', 'false'], default: 'true', group: 'Import/export', commands: ['import'],
    description: 'Whether an imported realm that already exists is replaced (true) or left as it is (false).' },
] as const satisfies readonly OptionSpec[];

/** All options, in help order within each group. */
export const optionSchema: readonly OptionSpec[] = entries;

// Fails to compile when GatehouseOptions gains a property that has no schema entry.
type MissingFromSchema = Exclude<keyof GatehouseOptions, (typeof entries)[number]['key']>;
const schemaCoversOptions: [MissingFromSchema] extends [never] ? true : MissingFromSchema = true;
void schemaCoversOptions;

/** `--http-port` → `HTTP_PORT`. */
function upperSnake(flag: string): string {
  return flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase();
}

/** Environment variables of an option, highest precedence first: `GATEHOUSE_*`, then `KC_*`. */
export function envNames(spec: OptionSpec): [gatehouse: string, keycloak: string] {
  const name = upperSnake(spec.flag);
  return [`GATEHOUSE_${name}`, `KC_${name}`];
}

/** The option with this flag (`--http-port`), if any. */
export function optionByFlag(flag: string): OptionSpec | undefined {
  return optionSchema.find((spec) => spec.flag === flag);
}

/** The options a command accepts; all options when no command is given. */
export function optionsFor(command?: CommandName): OptionSpec[] {
  return optionSchema.filter((spec) => command === undefined || spec.commands.includes(command));
}

export function isCommand(value: string): value is CommandName {
  return (commands as readonly string[]).includes(value);
}

/**
 * The default as users should read it (help, README): secrets show `<hidden>`, computed
 * defaults their explanation. `undefined` when the option has none in that mode.
 */
export function displayDefault(spec: OptionSpec, devMode: boolean): string | undefined {
  const value = devMode && spec.devDefault !== undefined ? spec.devDefault : spec.default;
  if (value === undefined) return spec.defaultText;
  if (spec.secret) return '<hidden>';
  return Array.isArray(value) ? value.join(',') : String(value);
}
