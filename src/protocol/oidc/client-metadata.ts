import type { ClientRecord } from '../../storage/ports.ts';
import { resolveRedirectPatterns } from './redirect-uris.ts';

/** Gatehouse's own client metadata, carried through the OIDC engine beside the standard fields. */
export const keycloakClientProperties = [
  'kc_client_uuid',
  'kc_redirect_patterns',
  'kc_post_logout_patterns',
  'kc_web_origins',
  'kc_pkce_method',
  'kc_full_scope',
  'kc_consent_required',
  'kc_direct_access',
  'kc_rotated_secret',
  'kc_rotated_secret_expires_at',
] as const;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A URL the engine's metadata validation accepts, standing for a Keycloak pattern it does not understand. */
function concrete(pattern: string): string | undefined {
  const candidate = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
  try {
    const url = new URL(candidate);
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

function authMethod(data: Record<string, unknown>): string {
  if (data.publicClient === true) return 'none';
  switch (data.clientAuthenticatorType) {
    case 'client-jwt':
      return 'private_key_jwt';
    case 'client-secret-jwt':
      return 'client_secret_jwt';
    default:
      return 'client_secret_basic';
  }
}

/**
 * Turns a Keycloak ClientRepresentation into the OIDC engine's client metadata, or undefined
 * for a client that cannot use the OpenID Connect endpoints (disabled, or SAML). Keycloak's
 * redirect rules (wildcards, relative URIs) are kept in `kc_redirect_patterns` and applied by
 * Gatehouse; `redirect_uris` only has to satisfy the engine's metadata validation.
 */
export function toProviderMetadata(client: ClientRecord, authBaseUrl: string): Record<string, unknown> | undefined {
  const data = client.data;
  if (data.enabled === false) return undefined;
  if ((str(data.protocol) ?? 'openid-connect') !== 'openid-connect') return undefined;
  const attributes = (data.attributes ?? {}) as Record<string, unknown>;
  const bearerOnly = data.bearerOnly === true;
  const publicClient = data.publicClient === true;

  const patterns = resolveRedirectPatterns(list(data.redirectUris), str(data.rootUrl), authBaseUrl);
  const postLogoutRaw = str(attributes['post.logout.redirect.uris']);
  const postLogout = postLogoutRaw === undefined || postLogoutRaw === '+'
    ? patterns
    : resolveRedirectPatterns(postLogoutRaw.split('##').flatMap((u) => (u === '+' ? patterns : [u])), str(data.rootUrl), authBaseUrl);

  const grantTypes: string[] = [];
  const responseTypes: string[] = [];
  const standard = !bearerOnly && data.standardFlowEnabled !== false;
  const implicit = !bearerOnly && data.implicitFlowEnabled === true;
  if (standard) {
    grantTypes.push('authorization_code');
    responseTypes.push('code');
  }
  if (implicit) {
    grantTypes.push('implicit');
    responseTypes.push('id_token', 'id_token token');
    if (standard) responseTypes.push('code id_token', 'code token', 'code id_token token');
  }
  // Every client may ask; the grant itself refuses clients without direct access grants with
  // Keycloak's `unauthorized_client`, where the engine would answer `invalid_request`.
  if (!bearerOnly) grantTypes.push('password');
  if (!bearerOnly && !publicClient && data.serviceAccountsEnabled === true) grantTypes.push('client_credentials');
  if ((standard || data.directAccessGrantsEnabled === true) && attributes['use.refresh.tokens'] !== 'false') grantTypes.push('refresh_token');

  let redirectUris = [...new Set(patterns.map(concrete).filter((u): u is string => u !== undefined))];
  if (responseTypes.length > 0 && redirectUris.length === 0) {
    // Only a bare `*` (or nothing usable) is registered; Gatehouse's matcher decides.
    redirectUris = ['https://redirect.invalid/'];
  }
  const customScheme = redirectUris.some((u) => !/^https?:/.test(u));
  const method = authMethod(data);

  const metadata: Record<string, unknown> = {
    client_id: client.clientId,
    client_name: str(data.name),
    grant_types: grantTypes,
    response_types: responseTypes,
    redirect_uris: responseTypes.length > 0 ? redirectUris : [],
    post_logout_redirect_uris: [...new Set(postLogout.map(concrete).filter((u): u is string => u !== undefined && /^https?:/.test(u)))],
    token_endpoint_auth_method: method,
    application_type: customScheme || implicit ? 'native' : 'web',
    id_token_signed_response_alg: 'RS256',
    kc_client_uuid: client.id,
    kc_redirect_patterns: patterns,
    kc_post_logout_patterns: postLogout,
    kc_web_origins: list(data.webOrigins),
    kc_pkce_method: str(attributes['pkce.code.challenge.method']) ?? '',
    kc_full_scope: data.fullScopeAllowed !== false,
    kc_consent_required: data.consentRequired === true,
    kc_direct_access: data.directAccessGrantsEnabled === true,
  };
  if (method !== 'none' && method !== 'private_key_jwt') metadata.client_secret = str(data.secret) ?? '';
  // A rotated secret keeps authenticating the client until it expires (secret rotation).
  const rotated = str(attributes['client.secret.rotated']);
  const rotatedExpiresAt = Number(attributes['client.secret.rotated.expiration.time']);
  if (method === 'client_secret_basic' && rotated && Number.isFinite(rotatedExpiresAt)) {
    metadata.kc_rotated_secret = rotated;
    metadata.kc_rotated_secret_expires_at = rotatedExpiresAt;
  }
  if (method === 'private_key_jwt') {
    const jwksUrl = str(attributes['jwks.url']);
    if (attributes['use.jwks.url'] === 'true' && jwksUrl) metadata.jwks_uri = jwksUrl;
    else if (str(attributes['jwks.string'])) metadata.jwks = JSON.parse(str(attributes['jwks.string'])!);
  }
  if (method === 'client_secret_jwt') metadata.token_endpoint_auth_signing_alg = str(attributes['token.endpoint.auth.signing.alg']) ?? 'HS256';
  return metadata;
}
