/**
 * Renders an email from the realm's email theme: `html/<template>.liquid` (every output
 * HTML-escaped) and `text/<template>.liquid` (plain text, nothing escaped), with the subject
 * from the message bundles, looked up theme → parents → built-in like the login pages.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { GatehouseError } from '../kernel/errors.ts';
import { fieldMessages } from './field-messages.ts';
import { pageGlobals, registerThemeFilters } from './liquid-filters.ts';
import { isLanguageTag, type Messages } from './messages.ts';
import { defaultThemeRegistry } from './render.ts';
import type { ResolvedTheme, ThemeRegistry } from './theme-registry.ts';

/** What {@link renderEmail} needs. */
export interface RenderEmailOptions {
  /** The realm's `emailTheme`; default and fallback: the built-in `gatehouse`. */
  readonly theme?: string;
  /** Keycloak's template name without extension: `email-verification`, `password-reset`, … */
  readonly template: string;
  readonly locale: string;
  readonly subjectKey: string;
  readonly subjectParams?: readonly unknown[];
  /** Template variables (`link`, `linkExpiration`, `realmName`, `user`, …). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The realm's localization texts for `locale`; they win over the theme's bundles. */
  readonly realmOverrides?: Readonly<Record<string, string>>;
  readonly registry?: ThemeRegistry;
}

/** A rendered email; the subject is still raw text (the transport makes it header-safe). */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The language tag the texts were rendered for. */
  readonly locale: string;
}

const TEMPLATE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const engines = new WeakMap<ResolvedTheme, { html: Liquid; text: Liquid }>();

function newEngine(dirs: string[], escape: boolean): Liquid {
  const liquid = new Liquid({
    root: dirs,
    partials: dirs,
    layouts: dirs,
    extname: '.liquid',
    cache: true,
    ...(escape ? { outputEscape: 'escape' as const } : {}),
    strictFilters: true,
    ownPropertyOnly: true,
  });
  registerThemeFilters(liquid);
  return liquid;
}

/** One html and one text engine per resolved theme; each looks in `<dir>/html` or `<dir>/text` along the chain. */
function enginesFor(theme: ResolvedTheme): { html: Liquid; text: Liquid } {
  let pair = engines.get(theme);
  if (!pair) {
    pair = {
      html: newEngine(theme.chain.map((t) => join(t.dir, 'html')), true),
      text: newEngine(theme.chain.map((t) => join(t.dir, 'text')), false),
    };
    engines.set(theme, pair);
  }
  return pair;
}

/**
 * Renders both bodies and the subject of one email.
 * @throws GatehouseError GH_NOT_FOUND when no theme in the chain has both templates.
 */
export async function renderEmail(options: RenderEmailOptions): Promise<RenderedEmail> {
  const registry = options.registry ?? defaultThemeRegistry();
  const theme = registry.get(options.theme, 'email');
  const file = `${options.template}.liquid`;
  const has = (kind: string) => theme.chain.some((t) => existsSync(join(t.dir, kind, file)));
  if (!TEMPLATE.test(options.template) || !has('html') || !has('text')) {
    throw new GatehouseError('GH_NOT_FOUND', [`Email template '${options.template}' of email theme '${theme.name}'`]);
  }
  const locale = isLanguageTag(options.locale) ? options.locale.replace(/_/g, '-') : 'en';
  const messages = registry.messages(theme, locale, options.realmOverrides);
  const globals = pageGlobals({ messages, fields: fieldMessages({}, (m) => String(m)) });
  const scope = {
    ...options.attributes,
    linkExpirationFormatted: expiryText(options.attributes['linkExpiration'], messages) ?? options.attributes['linkExpirationFormatted'],
    properties: theme.properties,
    locale: { currentLanguageTag: locale },
  };
  const { html, text } = enginesFor(theme);
  const [htmlBody, textBody] = await Promise.all([
    html.renderFile(file, scope, { globals }) as Promise<string>,
    text.renderFile(file, scope, { globals }) as Promise<string>,
  ]);
  return {
    subject: messages.msg(options.subjectKey, ...(options.subjectParams ?? [])),
    text: tidyText(textBody),
    html: htmlBody.trim(),
    locale,
  };
}

/** Template tags leave blank lines behind; keep at most one empty line between paragraphs. */
function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/**
 * `linkExpiration` (minutes) in the email's language, as Keycloak's link-expiration formatter
 * words it: the largest whole unit, "1 hour", "5 minutes", "2 days".
 */
function expiryText(minutes: unknown, messages: Messages): string | undefined {
  const value = typeof minutes === 'string' && /^\d+$/.test(minutes) ? Number(minutes) : minutes;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const [amount, unit] =
    value > 0 && value % 1440 === 0 ? [value / 1440, 'days']
    : value > 0 && value % 60 === 0 ? [value / 60, 'hours']
    : Number.isInteger(value) ? [value, 'minutes']
    : [Math.round(value * 60), 'seconds'];
  const key = `linkExpirationFormatter.timePeriodUnit.${unit}`;
  return `${amount} ${amount === 1 && messages.has(`${key}.1`) ? messages.msg(`${key}.1`) : messages.msg(key)}`;
}
