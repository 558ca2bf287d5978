/**
 * Turns `gatehouse <command> [options]` plus the environment and an optional JSON config file
 * into one typed configuration. Precedence, highest first: flag, `GATEHOUSE_*` variable,
 * `KC_*` variable, config file, default (the dev default in `start-dev`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../kernel/package-root.ts';
import { resolveDatabase, type DatabaseConfig } from './database.ts';
import { helpText } from './help.ts';
import {
  commands, envNames, isCommand, optionByFlag, optionSchema, optionsFor,
  type CommandName, type GatehouseOptions, type OptionSpec, type OptionValue,
} from './schema.ts';
import { configError, envValue, parseValue, suggest, type ValueSource } from './values.ts';

export type { DatabaseConfig } from './database.ts';

/** Every option, resolved, plus what is derived from them. */
export interface GatehouseConfig extends GatehouseOptions {
  /** True for `start-dev`: dev defaults apply and production checks are skipped. */
  devMode: boolean;
  /** The database to open, built from `--db`, `--db-url` and its parts. */
  db: DatabaseConfig;
}

/** What the command line asks for: run a command, or print help or the version. */
export type CliInvocation =
  | { kind: 'run'; command: CommandName; config: GatehouseConfig; warnings: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string };

const helpFlags = new Set(['--help', '-h']);
const versionFlags = new Set(['--version', '-V']);

/**
 * Parses the command line (`argv` without the node and script paths, i.e.
 * `process.argv.slice(2)`). Relative paths, in flags, variables and the config file alike,
 * are resolved against `opts.cwd` (default: the process's working directory).
 *
 * @throws GatehouseError `GH_CONFIG_INVALID` with a one-line message naming the option, for
 *   an unknown command or option, a missing or malformed value, an unreadable config file,
 *   or (for `start`) a configuration unfit for production; see {@link productionProblems}.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, opts: { cwd?: string } = {}): CliInvocation {
  const cwd = opts.cwd ?? process.cwd();
  const [first, ...rest] = argv;
  if (first === undefined || helpFlags.has(first)) return { kind: 'help', text: helpText() };
  if (versionFlags.has(first)) return { kind: 'version', text: versionText() };
  if (!isCommand(first)) {
    if (first.startsWith('-')) throw configError(`Expected a command before ${first}: gatehouse <${commands.join('|')}> [options]`);
    const hint = suggest(first, commands);
    throw configError(`Unknown command: ${first}${hint ? ` (did you mean ${hint}?)` : ''}; commands are ${commands.join(', ')}`);
  }
  const command = first;
  // Help wins over everything else, so `--help` can be appended to a line that fails.
  if (rest.some((arg) => helpFlags.has(arg))) return { kind: 'help', text: helpText(command) };
  if (rest.some((arg) => versionFlags.has(arg))) return { kind: 'version', text: versionText() };

  const devMode = command === 'start-dev';
  const flags = parseFlags(command, rest);
  const warnings: string[] = [];
  const sources = new Map<keyof GatehouseOptions, ValueSource>();
  const options: Record<string, OptionValue | undefined> = {};
  const resolveOne = (spec: OptionSpec, file: FileValues): void => {
    const { value, source } = resolveOption(spec, command, flags, env, file);
    sources.set(spec.key, source);
    const fallback = devMode && spec.devDefault !== undefined ? spec.devDefault : spec.default;
    const resolved = value ?? fallback;
    options[spec.key] = spec.path && typeof resolved === 'string' ? path.resolve(cwd, resolved) : resolved;
  };

  // The config file's own location can only come from a flag or the environment.
  const configFileSpec = optionSchema.find((spec) => spec.key === 'configFile');
  if (configFileSpec) resolveOne(configFileSpec, new Map());
  const configFile = options['configFile'];
  const file = typeof configFile === 'string' ? readConfigFile(configFile) : new Map<string, FileEntry>();
  for (const spec of optionSchema) if (spec !== configFileSpec) resolveOne(spec, file);

  const resolved = options as unknown as GatehouseOptions;
  const config: GatehouseConfig = { ...resolved, devMode, db: resolveDatabase(resolved, sources, cwd, warnings) };

  if (command === 'start') {
    const problems = productionProblems(config);
    if (problems.length > 0) throw configError(problems.join('; '));
    for (const spec of optionSchema) {
      if (spec.secret && sources.get(spec.key)?.kind === 'flag') {
        warnings.push(`${spec.flag} on the command line is visible to other local users; prefer ${envNames(spec)[0]}`);
      }
    }
  }
  if (devMode) {
    warnings.unshift('Running in development mode: do not use this in production');
    const passwordSpec = optionByFlag('--bootstrap-admin-password');
    if (passwordSpec && config.bootstrapAdminPassword === passwordSpec.devDefault) {
      warnings.push('The bootstrap admin has the development default password: anyone who can reach this server '
        + 'can sign in as administrator; set --bootstrap-admin-password to choose another');
    }
  }
  return { kind: 'run', command, config, warnings };
}

/**
 * Problems that make a configuration unfit for `start` (production). Empty in dev mode.
 * `loadConfig` already refuses `start` when this is not empty; it is exported for callers
 * that build a configuration themselves.
 */
export function productionProblems(config: GatehouseConfig): string[] {
  if (config.devMode) return [];
  const problems: string[] = [];
  if (config.hostname === undefined && config.proxyHeaders === undefined) {
    problems.push('--hostname is required in production mode (or set --proxy-headers); use start-dev for local development');
  }
  return problems;
}

/**
 * Why the master realm's administrator cannot be created, or `undefined` when it can.
 * Call it only when about to create the master realm (a fresh database): an existing
 * installation already has administrators, so a missing bootstrap password must not stop it
 * from starting. `start-dev` always passes thanks to its dev defaults.
 */
export function bootstrapPasswordProblem(config: GatehouseConfig): string | undefined {
  for (const [value, flag] of [
    [config.bootstrapAdminPassword, '--bootstrap-admin-password'],
    [config.bootstrapAdminUsername, '--bootstrap-admin-username'],
  ] as const) {
    const spec = optionByFlag(flag);
    if ((value === undefined || value === '') && spec) {
      const [gatehouse, keycloak] = envNames(spec);
      return `The database is new and ${flag} is not set: set it (or ${gatehouse} / ${keycloak}) to create the administrator of the master realm`;
    }
  }
  return undefined;
}

type FlagValues = ReadonlyMap<keyof GatehouseOptions, string>;
type FileEntry = { raw: unknown; name: string; path: string };
type FileValues = ReadonlyMap<string, FileEntry>;

function resolveOption(
  spec: OptionSpec, command: CommandName, flags: FlagValues, env: NodeJS.ProcessEnv, file: FileValues,
): { value: OptionValue | undefined; source: ValueSource } {
  // Variables and file entries are shared by all commands, so the ones a command does not
  // take are left alone rather than validated.
  if (!spec.commands.includes(command)) return { value: undefined, source: { kind: 'default' } };
  const flag = flags.get(spec.key);
  if (flag !== undefined) return { value: parseValue(spec, flag, { kind: 'flag' }), source: { kind: 'flag' } };
  const fromEnv = envValue(spec, env);
  if (fromEnv) {
    const source: ValueSource = { kind: 'env', name: fromEnv.name };
    return { value: parseValue(spec, fromEnv.value, source), source };
  }
  const entry = file.get(spec.key);
  if (entry && entry.raw !== null && entry.raw !== '') {
    const source: ValueSource = { kind: 'file', path: entry.path, name: entry.name };
    return { value: parseValue(spec, entry.raw, source), source };
  }
  return { value: undefined, source: { kind: 'default' } };
}

/** Reads `--name value`, `--name=value` and, for booleans, a bare `--name`. Last one wins. */
function parseFlags(command: CommandName, args: string[]): Map<keyof GatehouseOptions, string> {
  const values = new Map<keyof GatehouseOptions, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-')) {
      const previous = optionByFlag(args[i - 1] ?? '');
      const hint = previous?.type === 'boolean' && /^(true|false)$/i.test(arg) ? ` (write ${previous.flag}=${arg})` : '';
      throw configError(`Unexpected argument: ${arg}${hint}`);
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const spec = optionByFlag(flag);
    if (!spec) {
      const hint = suggest(flag, optionsFor(command).map((option) => option.flag));
      throw configError(`Unknown option: ${flag}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    if (!spec.commands.includes(command)) {
      throw configError(`Option ${flag} does not apply to ${command}; it is for ${spec.commands.join(', ')}`);
    }
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (spec.type === 'boolean') value = 'true';
    else if (args[i + 1] !== undefined && !args[i + 1]?.startsWith('--')) value = args[++i];
    if (value === undefined || value === '') throw configError(`Missing value for ${flag}`);
    values.set(spec.key, value);
  }
  return values;
}

/**
 * Reads the JSON config file: one object whose keys are flag names without the dashes
 * (`"http-port"`) or option keys (`"httpPort"`). Unknown keys are errors, since a typo would
 * otherwise silently fall back to a default.
 */
function readConfigFile(file: string): Map<string, FileEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : `cannot be read (${errorCode(error)})`;
    throw configError(`Config file ${file} ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw configError(`Config file ${file} must contain a JSON object such as {"http-port": 8081}`);
  }
  const entries = new Map<string, FileEntry>();
  const names = optionSchema.filter((spec) => spec.key !== 'configFile').map((spec) => spec.flag.slice(2));
  for (const [name, raw] of Object.entries(parsed)) {
    const spec = optionSchema.find((option) => option.flag.slice(2) === name || option.key === name);
    if (spec?.key === 'configFile') throw configError(`Config file ${file}: "${name}" cannot be set inside a config file`);
    if (!spec) {
      const hint = suggest(name, names);
      throw configError(`Unknown option in config file ${file}: "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    entries.set(spec.key, { raw, name, path: file });
  }
  return entries;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}

/** `gatehouse <version>`, from the package's package.json. */
function versionText(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return `gatehouse ${typeof pkg.version === 'string' ? pkg.version : 'unknown'}`;
  } catch {
    return 'gatehouse (unknown version)';
  }
}
