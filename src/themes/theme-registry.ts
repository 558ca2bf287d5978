/**
 * Theme lookup: `<root>/<name>/<type>/` in the admin's folder first, then the shipped one;
 * each theme falls back to its parents and finally to the built-in `gatehouse` theme, for
 * templates, resources, properties and messages alike.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatehouseError } from '../kernel/errors.ts';
import { silentLogger, type Logger } from '../kernel/logger.ts';
import { bundleSource, createMessages, listBundleFiles, type BundleSource, type Messages } from './messages.ts';
import { parseProperties, themeProperties, type PropertyMap, type ThemeProperties } from './theme-properties.ts';

/** The kinds of theme; `common` holds resources shared through a theme's `import`. */
export type ThemeType = 'login' | 'account' | 'email' | 'welcome' | 'common';

/** The theme every chain ends with. */
export const BUILTIN_THEME = 'gatehouse';

/** One theme folder as found on disk. */
export interface Theme {
  readonly name: string;
  readonly type: ThemeType;
  /** Absolute path of `<root>/<name>/<type>`. */
  readonly dir: string;
  readonly properties: ThemeProperties;
  readonly messages: BundleSource;
}

/** A theme with its ancestry resolved: itself first, the built-in theme last. */
export interface ResolvedTheme {
  readonly name: string;
  readonly type: ThemeType;
  readonly chain: readonly Theme[];
  /** Every `theme.properties` key, a child's value over its parents'. */
  readonly properties: PropertyMap;
  /** The typed keys of the most specific theme that sets each one. */
  readonly settings: ThemeProperties;
}

/** Options for {@link ThemeRegistry}. */
export interface ThemeRegistryOptions {
  /** Folders holding themes, searched in order; default: the shipped `themes/` folder. */
  readonly roots?: readonly string[];
  /** An admin-provided folder, searched before `roots`. */
  readonly adminRoot?: string;
  /** Part of every resource URL so that browsers refetch after an upgrade; default: server start time. */
  readonly resourceVersion?: string;
  /** Prefix of resource URLs when the server runs under a path (`/auth`). */
  readonly basePath?: string;
  readonly logger?: Logger;
  readonly env?: NodeJS.ProcessEnv;
}

const THEME_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const startVersion = Date.now().toString(36);

/** The shipped `themes/` folder: the nearest one above this file that holds the built-in theme. */
export function shippedThemesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'themes', BUILTIN_THEME))) return join(dir, 'themes');
    const up = dirname(dir);
    if (up === dir) throw new GatehouseError('GH_CONFIG_INVALID', [`shipped themes folder not found above ${fileURLToPath(import.meta.url)}`]);
    dir = up;
  }
}

/** Finds, parses and caches themes. Themes do not change at run time; tests call {@link clearCache}. */
export class ThemeRegistry {
  readonly roots: readonly string[];
  readonly resourceVersion: string;
  private readonly basePath: string;
  private readonly logger: Logger;
  private readonly env: NodeJS.ProcessEnv;
  private readonly themes = new Map<string, Theme | null>();
  private readonly resolved = new Map<string, ResolvedTheme>();

  constructor(options: ThemeRegistryOptions = {}) {
    const roots = options.roots ?? [shippedThemesDir()];
    this.roots = [...(options.adminRoot ? [options.adminRoot] : []), ...roots].map((r) => resolve(r));
    this.resourceVersion = options.resourceVersion ?? startVersion;
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.logger = options.logger ?? silentLogger;
    this.env = options.env ?? process.env;
  }

  /** Whether a theme of this name and type exists in some root. */
  has(name: string, type: ThemeType): boolean {
    return this.find(name, type) !== undefined;
  }

  /**
   * The theme with its parents. An unknown name falls back to the built-in theme with a
   * warning, as Keycloak does, so that a realm pointing at a removed theme still signs users in.
   * @throws GatehouseError GH_CONFIG_INVALID on a parent cycle or a parent that does not exist.
   */
  get(name: string | undefined, type: ThemeType): ResolvedTheme {
    const wanted = name || BUILTIN_THEME;
    const key = `${type}/${wanted}`;
    const cached = this.resolved.get(key);
    if (cached) return cached;
    if (!this.find(wanted, type)) {
      if (wanted === BUILTIN_THEME) throw new GatehouseError('GH_NOT_FOUND', [`${type} theme '${wanted}' in ${this.roots.join(', ')}`]);
      this.logger.warn({ theme: wanted, type }, `${type} theme '${wanted}' not found, using '${BUILTIN_THEME}'`);
      const fallback = this.get(BUILTIN_THEME, type);
      this.resolved.set(key, fallback); // warn once, not on every page
      return fallback;
    }
    const theme = this.resolve(wanted, type);
    this.resolved.set(key, theme);
    return theme;
  }

  /** Message functions for a page: realm overrides, then the theme chain, most specific locale first. */
  messages(theme: ResolvedTheme, locale: string, overrides?: Readonly<Record<string, string>>): Messages {
    return createMessages(locale, theme.chain.map((t) => t.messages), overrides);
  }

  /** The public URL of a theme resource: `/resources/<version>/<type>/<theme>/<path>`. */
  resourceUrl(theme: string, type: ThemeType, path = ''): string {
    const base = `${this.basePath}/resources/${encodeURIComponent(this.resourceVersion)}/${type}/${encodeURIComponent(theme)}`;
    const rest = path.replace(/^\/+/, '');
    return rest ? `${base}/${rest.split('/').map(encodeURIComponent).join('/')}` : base;
  }

  /**
   * The file behind a resource URL, looked up through the theme's parents; undefined when the
   * theme or file does not exist or the path tries to leave the theme's `resources/` folder.
   */
  resolveResource(theme: string, type: ThemeType, relativePath: string): string | undefined {
    if (!this.find(theme, type) || relativePath.includes('\0')) return undefined;
    const clean = normalize(relativePath.replace(/\\/g, '/')).replace(/^[/\\]+/, '');
    if (clean === '' || clean === '.' || isAbsolute(clean) || clean.split(/[/\\]/).includes('..')) return undefined;
    for (const t of this.get(theme, type).chain) {
      const file = inside(join(t.dir, 'resources'), clean);
      if (file) return file;
    }
    return undefined;
  }

  /** Forgets parsed themes (and, through them, compiled templates). */
  clearCache(): void {
    this.themes.clear();
    this.resolved.clear();
  }

  private find(name: string, type: ThemeType): Theme | undefined {
    if (!THEME_NAME.test(name) || name.includes('..')) return undefined;
    const key = `${type}/${name}`;
    if (!this.themes.has(key)) this.themes.set(key, this.load(name, type));
    return this.themes.get(key) ?? undefined;
  }

  private load(name: string, type: ThemeType): Theme | null {
    for (const root of this.roots) {
      const dir = join(root, name, type);
      if (!isDirectory(dir)) continue;
      const file = join(dir, 'theme.properties');
      const raw = existsSync(file) ? parseProperties(readFileSync(file, 'utf8')) : {};
      return { name, type, dir, properties: themeProperties(raw, this.env), messages: bundleSource(listBundleFiles(dir)) };
    }
    return null;
  }

  private resolve(name: string, type: ThemeType): ResolvedTheme {
    const chain: Theme[] = [];
    const seen: string[] = [];
    let current: string | undefined = name;
    while (current !== undefined) {
      if (seen.includes(current)) {
        const cycle = [...seen.slice(seen.indexOf(current)), current].join(' → ');
        throw new GatehouseError('GH_CONFIG_INVALID', [`${type} themes form a parent cycle: ${cycle}`]);
      }
      seen.push(current);
      const theme = this.find(current, type);
      if (!theme) {
        throw new GatehouseError('GH_CONFIG_INVALID', [`${type} theme '${seen.at(-2)}' names parent '${current}', which is not in ${this.roots.join(', ')}`]);
      }
      chain.push(theme);
      current = theme.properties.parent;
    }
    // Every chain ends in the built-in theme so that a small child theme still has every page.
    if (!seen.includes(BUILTIN_THEME)) {
      const builtin = this.find(BUILTIN_THEME, type);
      if (builtin) chain.push(builtin);
    }
    const properties = Object.assign(Object.create(null) as Record<string, string>, ...chain.map((t) => t.properties.all).reverse()) as PropertyMap;
    return { name, type, chain, properties, settings: themeProperties(properties, {}) };
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The real path of `base/relative` when it is a file under `base` (symlinks included). */
function inside(base: string, relative: string): string | undefined {
  try {
    const realBase = realpathSync(base);
    const file = realpathSync(join(base, relative));
    return file.startsWith(realBase + sep) && statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}
