/**
 * Message bundles (`messages/messages_<locale>.properties`) and Keycloak-style formatting:
 * `{0}` parameters with Java MessageFormat's quoting, `${key}` references, and the lookup
 * order realm overrides → theme → parent themes → built-in, most specific locale first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProperties, type PropertyMap } from './theme-properties.ts';

/** Where a theme keeps its bundles, by normalised language tag (`pt-br`). */
export type BundleFiles = ReadonlyMap<string, string>;

/** Source of one theme's bundles; the registry caches one per theme. */
export interface BundleSource {
  bundle(languageTag: string): PropertyMap | undefined;
}

/** The message functions a page is rendered with. */
export interface Messages {
  /** The language tag the texts are for, as requested (`de-CH`). */
  readonly locale: string;
  /** The formatted text for `key`, or `key` itself when no bundle has it. */
  msg(key: string, ...params: readonly unknown[]): string;
  /** Replaces each `${key}` in `text` with `msg(key)`; text without references comes back as is. */
  advancedMsg(text: string, ...params: readonly unknown[]): string;
  /** Whether some bundle (or override) defines `key`. */
  has(key: string): boolean;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/;

/** Normalises `de_CH` / `de-ch` to the lower-case, dash-separated form used as a bundle key. */
export function normaliseLanguageTag(tag: string): string {
  return tag.replace(/_/g, '-').toLowerCase();
}

/** Whether `tag` looks like a BCP 47 tag; anything else (from a cookie or a query) is ignored. */
export function isLanguageTag(tag: string): boolean {
  return LANGUAGE_TAG.test(tag);
}

/**
 * The locales to try, most specific first: `de-CH` → `de` → `en`, as Keycloak's LocaleUtil
 * does (every language falls back to English, English to nothing).
 */
export function localeFallbacks(tag: string): string[] {
  const chain: string[] = [];
  const parts = isLanguageTag(tag) ? normaliseLanguageTag(tag).split('-') : ['en'];
  for (let n = parts.length; n > 0; n--) chain.push(parts.slice(0, n).join('-'));
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/**
 * Lists `<themeDir>/messages/messages_<tag>.properties` once, so that a locale that has no
 * bundle costs a map lookup instead of a file-system call per request.
 */
export function listBundleFiles(themeDir: string): BundleFiles {
  const files = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(join(themeDir, 'messages'));
  } catch {
    return files;
  }
  for (const name of names) {
    const match = /^messages_(.+)\.properties$/.exec(name);
    if (match && isLanguageTag(match[1]!)) files.set(normaliseLanguageTag(match[1]!), join(themeDir, 'messages', name));
  }
  return files;
}

/** Reads and caches the bundles listed in `files`; Keycloak 26 bundles are UTF-8. */
export function bundleSource(files: BundleFiles): BundleSource {
  const parsed = new Map<string, PropertyMap>();
  return {
    bundle(languageTag) {
      const file = files.get(languageTag);
      if (file === undefined) return undefined;
      let bundle = parsed.get(languageTag);
      if (bundle === undefined) {
        bundle = parseProperties(readFileSync(file, 'utf8'));
        parsed.set(languageTag, bundle);
      }
      return bundle;
    },
  };
}

/**
 * Builds the message functions for one page.
 * @param sources the theme's bundles first, then each parent's, the built-in theme's last.
 * @param overrides the realm's localization texts for this locale; they win over every bundle.
 */
export function createMessages(locale: string, sources: readonly BundleSource[], overrides: Readonly<Record<string, string>> = {}): Messages {
  const chain = localeFallbacks(locale);
  const lookup = (key: string): string | undefined => {
    if (Object.hasOwn(overrides, key)) return overrides[key];
    for (const tag of chain) {
      for (const source of sources) {
        const bundle = source.bundle(tag);
        if (bundle !== undefined && Object.hasOwn(bundle, key)) return bundle[key];
      }
    }
    return undefined;
  };
  const msg = (key: string, ...params: readonly unknown[]): string => {
    const pattern = lookup(key);
    // An unknown key is usually a text the server built itself: show it untouched rather
    // than let MessageFormat eat its apostrophes.
    if (pattern === undefined) return key;
    return formatMessage(pattern, params.map((p) => (typeof p === 'string' ? resolveReference(p, lookup) : p)), locale);
  };
  return {
    locale,
    msg,
    has: (key) => lookup(key) !== undefined,
    advancedMsg(text, ...params) {
      if (typeof text !== 'string') return '';
      const whole = /^\$\{([^}]+)\}$/.exec(text);
      if (whole) return msg(whole[1]!, ...params);
      return text.replace(/\$\{([^}]+)\}/g, (ref, key: string) => (lookup(key) === undefined ? ref : msg(key)));
    },
  };
}

/** A parameter that is itself `${key}` is translated, as Keycloak's msg() does with its arguments. */
function resolveReference(param: string, lookup: (key: string) => string | undefined): string {
  const ref = /^\$\{([^}]+)\}$/.exec(param);
  return ref ? (lookup(ref[1]!) ?? param) : param;
}

/**
 * Formats a message the way `java.text.MessageFormat` does for Keycloak's bundles: `{n}`
 * (and `{n,type,style}`, whose style is ignored) takes parameter n; `''` is one apostrophe;
 * text between single apostrophes is literal, so `'{0}'` prints `{0}`. A missing parameter
 * prints `{n}`, as Java does.
 */
export function formatMessage(pattern: string, params: readonly unknown[] = [], locale = 'en'): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === '{' && !quoted) {
      const end = pattern.indexOf('}', i);
      const spec = end < 0 ? '' : pattern.slice(i + 1, end);
      const index = /^\s*(\d+)\s*(?:,.*)?$/.exec(spec);
      if (!index) {
        out += c;
        continue;
      }
      const n = Number(index[1]);
      out += n < params.length ? formatParam(params[n], locale) : `{${n}}`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

function formatParam(value: unknown, locale: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'number') return String(value);
  try {
    return value.toLocaleString(locale.replace(/_/g, '-'));
  } catch {
    return value.toLocaleString('en'); // a well-formed but unknown tag makes Intl throw
  }
}
