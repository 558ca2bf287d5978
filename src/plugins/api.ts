/**
 * The public plugin contract. A plugin is a declared object: what it provides attaches to a
 * named extension point (a captcha provider id that a step's config names), never to a URL
 * path, so that a renamed route cannot silently switch a security check off.
 */

/** What a captcha puts on the page. The theme renders it; nothing here is raw HTML. */
export interface CaptchaWidget {
  /** An absolute script URL (a vendor's), loaded with `async defer`. */
  scriptUrl?: string;
  /** A script of the login theme (`js/pow-captcha.js`), served from the theme's resources. */
  themeScript?: string;
  /** The CSS class of the element the script turns into the widget (`g-recaptcha`, `h-captcha`, …). */
  className: string;
  /** Attributes of that element (`data-sitekey`, `data-action`, a challenge…); the theme escapes them. */
  attributes: Record<string, string>;
  /** The form field the widget fills and the browser posts (`g-recaptcha-response`, …). */
  fieldName: string;
}

/** What the verify step found. `errorCodes` use the vendor's codes, or Gatehouse's for local problems. */
export interface CaptchaVerdict {
  success: boolean;
  /** A score-based provider's score (0…1), when it gave one. */
  score?: number;
  errorCodes: string[];
}

/** What the server offers a provider while it builds a widget or verifies an answer. */
export interface CaptchaRuntime {
  realmName: string;
  /** A secret of this realm, stable across nodes and restarts, for providers that sign their own challenges. */
  realmSecret: string;
  /** Epoch millis. */
  now: number;
  /** A fetch that gives up after the configured timeout; a provider treats its rejection as a failure. */
  fetch: typeof fetch;
  /**
   * Records a one-time value (a challenge id) as used until `expiresAt` (epoch millis);
   * false when it was used before, on any node.
   */
  markUsed(id: string, expiresAt: number): Promise<boolean>;
  /** Why a verification failed, for the server log; never pass a secret or a token. */
  warn(reason: string, detail?: Record<string, unknown>): void;
}

/** Config values as Keycloak's authenticator config holds them (all strings). */
export type CaptchaConfig = Readonly<Record<string, string | undefined>>;

/** A captcha vendor (or a self-hosted challenge) that the captcha steps can use by its id. */
export interface CaptchaProvider {
  /** The value of `captcha.provider` in a step's config: `recaptcha`, `hcaptcha`, `turnstile`, `proof-of-work`, … */
  readonly id: string;
  readonly displayName: string;
  /** Config keys that must be set for the provider to work (`site.key`, `secret`). */
  readonly requiredConfig: readonly string[];
  /** The form field its widget posts; the same as the widget's `fieldName`. */
  readonly fieldName: string;
  widget(config: CaptchaConfig, runtime: CaptchaRuntime): Promise<CaptchaWidget>;
  /** Checks what the browser posted. Must fail closed: any doubt is `success: false`. */
  verify(response: string, remoteIp: string | null, config: CaptchaConfig, runtime: CaptchaRuntime): Promise<CaptchaVerdict>;
}

/** A plugin: an id, a version, and what it contributes to named extension points. */
export interface PluginDefinition {
  readonly id: string;
  readonly version: string;
  readonly captchaProviders?: readonly CaptchaProvider[];
}

/** Declares a plugin; checks its shape once, at load time, rather than at the first sign-up. */
export function definePlugin<T extends PluginDefinition>(plugin: T): T {
  if (!plugin.id || !/^[a-z0-9][a-z0-9-]*$/.test(plugin.id)) throw new Error(`plugin id "${plugin.id}" must be lower-case letters, digits and dashes`);
  for (const provider of plugin.captchaProviders ?? []) {
    if (!provider.id || typeof provider.verify !== 'function' || typeof provider.widget !== 'function') {
      throw new Error(`plugin ${plugin.id}: captcha provider "${provider.id}" needs an id, widget() and verify()`);
    }
  }
  return Object.freeze(plugin);
}
