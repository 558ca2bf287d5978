/**
 * Renders a theme page with LiquidJS. Every `{{ … }}` output is HTML-escaped; only
 * `kcSanitize` (and `raw`, for HTML the server built itself) opt out.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { GatehouseError } from '../kernel/errors.ts';
import { fieldMessages, isFieldMessages, type FieldMessage } from './field-messages.ts';
import { pageGlobals, registerThemeFilters } from './liquid-filters.ts';
import { isLanguageTag, type Messages } from './messages.ts';
import { ThemeRegistry, type ResolvedTheme, type ThemeType } from './theme-registry.ts';

/** A language the page can be switched to; `url` reloads the page in it. */
export interface SupportedLocale {
  readonly languageTag: string;
  readonly url: string;
  /** Shown in the picker; default: the language's own name for itself ("Deutsch"). */
  readonly label?: string;
}

/** What {@link renderPage} needs. */
export interface RenderPageOptions {
  /** Theme name; default and fallback: the built-in `gatehouse`. */
  readonly theme?: string;
  readonly type: ThemeType;
  /** File name inside the theme, e.g. `login.liquid`. */
  readonly template: string;
  /** BCP 47 tag of the page language; a malformed one renders in English. */
  readonly locale: string;
  /** The realm's localization texts for `locale`; they win over the theme's bundles. */
  readonly realmOverrides?: Readonly<Record<string, string>>;
  /** The locale picker's entries; it shows when there are two or more. */
  readonly supportedLocales?: readonly SupportedLocale[];
  /**
   * Template attributes: `realm`, `url`, `auth`, `login`, `client`, `social`, `csrfToken`,
   * `message` (`{ type, summary }` or `{ type, key, params }`), `messagesPerField` (a
   * `fieldMessages(...)` or a bare `field → messages` map), and anything else a page uses.
   */
  readonly data: Readonly<Record<string, unknown>>;
  /** Default: a registry over the shipped themes only. */
  readonly registry?: ThemeRegistry;
}

const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.liquid$/;
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);
const engines = new WeakMap<ResolvedTheme, Liquid>();
let fallbackRegistry: ThemeRegistry | undefined;

/** The registry used when a call names none: the shipped themes, created on first use. */
export function defaultThemeRegistry(): ThemeRegistry {
  fallbackRegistry ??= new ThemeRegistry();
  return fallbackRegistry;
}

/**
 * Renders `template` of the theme (falling back through its parents to `gatehouse`) to HTML.
 * @throws GatehouseError GH_NOT_FOUND when no theme in the chain has the template,
 *   GH_CONFIG_INVALID when the theme's parents form a cycle.
 */
export async function renderPage(options: RenderPageOptions): Promise<string> {
  const registry = options.registry ?? defaultThemeRegistry();
  const theme = registry.get(options.theme, options.type);
  if (!TEMPLATE_NAME.test(options.template) || !theme.chain.some((t) => existsSync(join(t.dir, options.template)))) {
    throw new GatehouseError('GH_NOT_FOUND', [`Template '${options.template}' of ${options.type} theme '${theme.name}'`]);
  }
  const locale = isLanguageTag(options.locale) ? options.locale.replace(/_/g, '-') : 'en';
  const messages = registry.messages(theme, locale, options.realmOverrides);
  const fields = pageFieldMessages(options.data['messagesPerField'], messages);
  const scope = {
    ...options.data,
    url: pageUrls(registry, theme, options.data['url']),
    properties: theme.properties,
    theme: themeAttributes(registry, theme),
    locale: localeAttributes(locale, options.supportedLocales ?? []),
    message: pageMessage(options.data['message'], messages),
    messagesPerField: fields,
  };
  return engine(theme).renderFileSync(options.template, scope, { globals: pageGlobals({ messages, fields }) }) as string;
}

/** `/resources/<version>/<type>/<theme>/<path>` on the default registry; see {@link ThemeRegistry.resourceUrl}. */
export function resourceUrl(theme: string, type: ThemeType, path = '', registry = defaultThemeRegistry()): string {
  return registry.resourceUrl(theme, type, path);
}

/** The file a resource URL stands for, or undefined; see {@link ThemeRegistry.resolveResource}. */
export function resolveResource(theme: string, type: ThemeType, relativePath: string, registry = defaultThemeRegistry()): string | undefined {
  return registry.resolveResource(theme, type, relativePath);
}

/** One compiled-template cache per resolved theme, dropped with it by `clearCache()`. */
function engine(theme: ResolvedTheme): Liquid {
  let liquid = engines.get(theme);
  if (!liquid) {
    const dirs = theme.chain.map((t) => t.dir);
    liquid = new Liquid({
      root: dirs,
      partials: dirs,
      layouts: dirs,
      extname: '.liquid',
      cache: true,
      outputEscape: 'escape',
      strictFilters: true,
      ownPropertyOnly: true,
    });
    registerThemeFilters(liquid);
    engines.set(theme, liquid);
  }
  return liquid;
}

function pageUrls(registry: ThemeRegistry, theme: ResolvedTheme, given: unknown): Record<string, unknown> {
  const urls: Record<string, unknown> = { ...(typeof given === 'object' && given !== null ? given : {}) };
  urls['resourcesPath'] = registry.resourceUrl(theme.name, theme.type);
  const common = commonTheme(theme);
  if (common) urls['resourcesCommonPath'] = registry.resourceUrl(common, 'common');
  return urls;
}

/** `import=common/keycloak` names a `common` theme whose resources `stylesCommon` refers to. */
function commonTheme(theme: ResolvedTheme): string | undefined {
  const match = /^common\/(.+)$/.exec(theme.settings.import ?? '');
  return match?.[1];
}

/** Stylesheet and script URLs from `styles`, `stylesCommon` and `scripts`, and the `meta` list. */
function themeAttributes(registry: ThemeRegistry, theme: ResolvedTheme): Record<string, unknown> {
  const own = (path: string): string => (/^https?:\/\//.test(path) ? path : registry.resourceUrl(theme.name, theme.type, path));
  const common = commonTheme(theme);
  const shared = common ? theme.settings.stylesCommon.map((path) => registry.resourceUrl(common, 'common', path)) : [];
  return {
    name: theme.name,
    styles: [...shared, ...theme.settings.styles.map(own)],
    scripts: theme.settings.scripts.map(own),
    meta: theme.settings.meta,
  };
}

function localeAttributes(tag: string, supported: readonly SupportedLocale[]): Record<string, unknown> {
  return {
    current: languageLabel(tag),
    currentLanguageTag: tag,
    rtl: RTL_LANGUAGES.has(tag.split('-')[0]!.toLowerCase()),
    supported: supported.map((l) => ({ languageTag: l.languageTag, url: l.url, label: l.label ?? languageLabel(l.languageTag) })),
  };
}

/** A language's name in that language, capitalised as a menu entry: `de` → "Deutsch". */
function languageLabel(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return tag;
  }
}

/** `{ type, key, params }` is translated here, so that templates only print `message.summary`. */
function pageMessage(message: unknown, messages: Messages): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const { key, params } = message as { key?: unknown; params?: unknown };
  if (typeof key !== 'string') return message;
  return { ...message, summary: messages.msg(key, ...(Array.isArray(params) ? params : [])) };
}

function pageFieldMessages(given: unknown, messages: Messages) {
  const errors = isFieldMessages(given) ? given.errors : typeof given === 'object' && given !== null ? (given as Record<string, FieldMessage[]>) : {};
  return fieldMessages(errors, (m) => (typeof m === 'string' ? messages.msg(m) : messages.msg(m.key, ...(m.params ?? []))));
}
