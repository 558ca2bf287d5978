import type { ProfileValidator } from './validator.ts';
import { configBoolean, configStrings, eachValue, fieldError } from './validator.ts';

export const MESSAGE_INVALID_URI = 'error-invalid-uri';
export const MESSAGE_INVALID_URI_SCHEME = 'error-invalid-uri-scheme';
export const MESSAGE_INVALID_URI_FRAGMENT = 'error-invalid-uri-fragment';

// RFC 3986 characters plus the non-ASCII ones java.net.URI tolerates; a space is never valid.
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\u0080-\uFFFF]+$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * Keycloak's `uri` (UriValidator). Its source also reads `allowedSchemes` (default http and
 * https), `allowFragment` (default true) and `requireValidUrl` (default true: the value must be
 * an absolute URL). Errors: `error-invalid-uri` [attribute, value], `error-invalid-uri-scheme`
 * [attribute, value, scheme], `error-invalid-uri-fragment` [attribute, value, fragment].
 */
export const uriValidator: ProfileValidator = {
  id: 'uri',
  validate(values, config, context) {
    const schemes = configStrings(config, 'allowedSchemes') ?? ['http', 'https'];
    const allowFragment = configBoolean(config, 'allowFragment', true);
    const requireValidUrl = configBoolean(config, 'requireValidUrl', true);
    return eachValue(values, (value) => {
      if (!URI_CHARS.test(value) || /%(?![0-9A-Fa-f]{2})/.test(value)) return fieldError(MESSAGE_INVALID_URI, context, value);
      const scheme = SCHEME.exec(value)?.[1];
      if (scheme !== undefined && !schemes.includes(scheme)) return fieldError(MESSAGE_INVALID_URI_SCHEME, context, value, scheme);
      const hash = value.indexOf('#');
      if (!allowFragment && hash >= 0) return fieldError(MESSAGE_INVALID_URI_FRAGMENT, context, value, value.slice(hash + 1));
      if (requireValidUrl && (scheme === undefined || !URL.canParse(value))) return fieldError(MESSAGE_INVALID_URI, context, value);
      return undefined;
    });
  },
};
