/**
 * Java `.properties` parsing, for Keycloak's `theme.properties` and message bundles, and the
 * typed view of the keys a theme declares.
 */

/** Key → value, without a prototype so that a key like `__proto__` stays a plain key. */
export type PropertyMap = Readonly<Record<string, string>>;

/** A `<meta>` element a theme asks for (`meta=viewport==width=device-width`). */
export interface ThemeMeta {
  readonly name: string;
  readonly content: string;
}

/** The keys of `theme.properties` that Gatehouse acts on, plus every key as it was written. */
export interface ThemeProperties {
  readonly parent: string | undefined;
  /** `type/name` of a shared resource theme, e.g. `common/keycloak`. */
  readonly import: string | undefined;
  readonly styles: readonly string[];
  readonly stylesCommon: readonly string[];
  readonly scripts: readonly string[];
  readonly locales: readonly string[];
  readonly meta: readonly ThemeMeta[];
  /** Every key, `kc*Class` included; templates see these as `properties.*`. */
  readonly all: PropertyMap;
}

const SEPARATORS = new Set(['=', ':', ' ', '\t', '\f']);
const WHITESPACE = new Set([' ', '\t', '\f']);

/**
 * Parses Java properties text: `key=value`, `key: value` or `key value`; `#` and `!` comments;
 * a line ending in an odd number of backslashes continues on the next line (whose leading
 * blanks are dropped); `\t \n \r \f \uXXXX` escapes; any other escaped character stands for
 * itself. A later key wins, as in `java.util.Properties`.
 *
 * A malformed `\u` escape is kept literally instead of failing the whole file, so that one bad
 * line in an admin's theme does not take every page down with it.
 */
export function parseProperties(text: string): PropertyMap {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = trimStart(lines[i]!);
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsInContinuation(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + trimStart(lines[++i]!);
    }
    if (endsInContinuation(line)) line = line.slice(0, -1);
    const [key, value] = splitKeyValue(line);
    out[key] = value;
  }
  return out;
}

/**
 * Replaces `${env.VAR}` (and `${env.VAR:default}`) with the environment's value, empty when
 * unset. `${system.x}` has no JVM behind it here, so it takes its default or empty. Any other
 * `${…}` is left alone: message texts use that form for their own references.
 */
export function resolvePlaceholders(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/\$\{(env|system)\.([^}:]+)(?::([^}]*))?\}/g, (_whole, kind: string, name: string, fallback?: string) => {
    const found = kind === 'env' ? env[name] : undefined;
    return found ?? fallback ?? '';
  });
}

/** Reads the typed keys out of a parsed `theme.properties`, with placeholders resolved. */
export function themeProperties(raw: PropertyMap, env: NodeJS.ProcessEnv = process.env): ThemeProperties {
  const all: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(raw)) all[key] = resolvePlaceholders(value, env);
  const text = (key: string): string | undefined => (all[key]?.trim() ? all[key]!.trim() : undefined);
  return {
    parent: text('parent'),
    import: text('import'),
    styles: list(all['styles'], /\s+/),
    stylesCommon: list(all['stylesCommon'], /\s+/),
    scripts: list(all['scripts'], /\s+/),
    locales: list(all['locales'], /\s*,\s*/),
    meta: list(all['meta'], /\s+/).flatMap((entry) => {
      const at = entry.indexOf('==');
      return at > 0 ? [{ name: entry.slice(0, at), content: entry.slice(at + 2) }] : [];
    }),
    all,
  };
}

function list(value: string | undefined, separator: RegExp): string[] {
  return (value ?? '').split(separator).filter((item) => item !== '');
}

function trimStart(line: string): string {
  let i = 0;
  while (i < line.length && WHITESPACE.has(line[i]!)) i++;
  return line.slice(i);
}

function endsInContinuation(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

function splitKeyValue(line: string): [string, string] {
  let i = 0;
  let key = '';
  while (i < line.length && !SEPARATORS.has(line[i]!)) {
    if (line[i] === '\\') {
      const [char, next] = readEscape(line, i);
      key += char;
      i = next;
    } else {
      key += line[i++];
    }
  }
  while (i < line.length && WHITESPACE.has(line[i]!)) i++;
  if (line[i] === '=' || line[i] === ':') i++;
  while (i < line.length && WHITESPACE.has(line[i]!)) i++;
  return [key, unescape(line.slice(i))];
}

function unescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\') {
      const [char, next] = readEscape(text, i);
      out += char;
      i = next;
    } else {
      out += text[i++];
    }
  }
  return out;
}

/** Reads the escape starting at the backslash at `at`; returns the character and the next index. */
function readEscape(text: string, at: number): [string, number] {
  const c = text[at + 1];
  if (c === undefined) return ['', at + 1];
  if (c === 'u') {
    const hex = text.slice(at + 2, at + 6);
    return /^[0-9a-fA-F]{4}$/.test(hex) ? [String.fromCharCode(parseInt(hex, 16)), at + 6] : ['\\u', at + 2];
  }
  const simple: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };
  return [simple[c] ?? c, at + 2];
}
