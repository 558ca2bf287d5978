import { createHash } from 'node:crypto';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../kernel/clock.ts';
import type { Store, UserRecord } from '../../storage/ports.ts';
import { signRs256, verifiedTokenId } from './access-token-jwt.ts';
import { storeAdapter } from './adapter.ts';
import { keycloakClientProperties, toProviderMetadata } from './client-metadata.ts';
import { registerPasswordGrant, type PasswordCheck } from './password-grant.ts';
import { activeKey, type RealmSnapshot } from './realm-snapshot.ts';
import { originAllowed, redirectUriMatches } from './redirect-uris.ts';
import { requestHints } from './request-hints.ts';
import { requestUser, userClaims } from './token-claims.ts';

const seconds = (value: unknown, fallback: number): number => (typeof value === 'number' && value > 0 ? value : fallback);

export interface RealmProviderOptions {
  store: Store;
  snapshot: RealmSnapshot;
  /** scheme://host[:port] */
  baseUrl: string;
  clock: Clock;
  devMode: boolean;
  /** Trust X-Forwarded-* for the request's scheme and host. */
  proxy: boolean;
  /** Where the engine sends the browser to sign in (our journey), for an interaction uid. */
  interactionUrl: (uid: string, clientId: string | undefined) => string;
  /** The password grant's account check. */
  checkPassword: (ctx: KoaContextWithOIDC, username: string, password: string) => Promise<PasswordCheck>;
  /** The HTML of an error page shown in the browser (never a stack trace). */
  errorPage: (error: { error: string; error_description?: string }) => Promise<string>;
  /** Called on each engine event worth recording (token issued, refresh, logout…). */
  onEvent?: (name: string, ctx: KoaContextWithOIDC, detail?: unknown) => void;
}

/** Every claim name the realm's mappers can produce, so the engine lets them through to ID tokens and userinfo. */
function claimNames(snapshot: RealmSnapshot): string[] {
  const names = new Set(['sub', 'typ', 'azp', 'acr', 'sid', 'auth_time', 'nonce', 'name', 'address']);
  const mappers = [
    ...[...snapshot.scopesById.values()].flatMap((s) => (s.data.protocolMappers as { config?: Record<string, string> }[] | undefined) ?? []),
    ...[...snapshot.clientsById.values()].flatMap((c) => (c.data.protocolMappers as { config?: Record<string, string> }[] | undefined) ?? []),
  ];
  for (const mapper of mappers) {
    const claim = mapper.config?.['claim.name'];
    if (claim) names.add(claim.split(/(?<!\\)\./)[0]!.replace(/\\\./g, '.'));
  }
  return [...names];
}

/**
 * Builds the OpenID Connect engine of one realm: issuer `{base}/realms/{realm}`, Keycloak's
 * endpoint paths, the realm's clients and keys, Keycloak's token claims and lifetimes.
 */
export function buildRealmProvider(o: RealmProviderOptions): Provider {
  const { snapshot, store, clock } = o;
  const realm = snapshot.realm;
  const s = realm.settings;
  const issuer = `${o.baseUrl}/realms/${encodeURIComponent(realm.name)}`;
  const signingKey = activeKey(snapshot, 'RS256');
  if (!signingKey) throw new Error(`realm ${realm.name} has no active RS256 key`);
  const hmac = activeKey(snapshot, 'HS512');
  const cookieSecret = createHash('sha256').update(String(hmac?.privateJwk.k ?? signingKey.privateJwk.d)).digest('base64url');
  const cookiePath = `/realms/${encodeURIComponent(realm.name)}/`;

  const clientMetadata = async (clientId: string) => {
    const client = snapshot.clientsByClientId.get(clientId);
    const metadata = client ? toProviderMetadata(client, o.baseUrl) : undefined;
    if (metadata?.token_endpoint_auth_method === 'client_secret_basic' && requestHints.getStore()?.basicAuth === false) {
      metadata.token_endpoint_auth_method = 'client_secret_post';
    }
    return metadata;
  };

  const configuration: Configuration = {
    adapter: storeAdapter(store, realm.id, clock, clientMetadata, (value) => verifiedTokenId(snapshot, value)) as unknown as Configuration['adapter'],
    jwks: { keys: snapshot.keys.filter((k) => k.enabled && k.algorithm === 'RS256').map((k) => ({ ...k.privateJwk, kid: k.kid, use: 'sig', alg: 'RS256' })) as never },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      userinfo: '/protocol/openid-connect/userinfo',
      jwks: '/protocol/openid-connect/certs',
      end_session: '/protocol/openid-connect/logout',
      introspection: '/protocol/openid-connect/token/introspect',
      revocation: '/protocol/openid-connect/revoke',
      pushed_authorization_request: '/protocol/openid-connect/ext/par/request',
      code_verification: '/protocol/openid-connect/device',
      device_authorization: '/protocol/openid-connect/auth/device',
      backchannel_authentication: '/protocol/openid-connect/ext/ciba/auth',
      registration: '/clients-registrations/openid-connect',
    },
    // Scope names that are also standalone claims in the engine's claim table (Keycloak's `acr` scope) stay out.
    scopes: ['openid', 'offline_access', ...[...snapshot.scopesById.values()].map((x) => x.name).filter((n) => !['acr', 'sid', 'auth_time', 'iss'].includes(n))],
    claims: { openid: claimNames(snapshot) },
    conformIdTokenClaims: false,
    discovery: {
      claim_types_supported: ['normal'],
      // Keycloak lists `create` only where the realm allows sign-up.
      prompt_values_supported: ['none', 'login', 'consent', ...(s.registrationAllowed === true ? ['create'] : [])],
    },
    acrValues: ['0', '1'],
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token', 'none'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
    extraClientMetadata: { properties: [...keycloakClientProperties], validator: () => undefined },
    pkce: {
      required: (_ctx, client) => Boolean((client as unknown as Record<string, string>).kc_pkce_method),
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutConfirmPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = await o.errorPage({ error: 'logged_out', error_description: 'You are signed out.' });
        },
      },
    },
    ttl: {
      AccessToken: seconds(s.accessTokenLifespan, 300),
      ClientCredentials: seconds(s.accessTokenLifespan, 300),
      IdToken: seconds(s.accessTokenLifespan, 300),
      AuthorizationCode: seconds(s.accessCodeLifespan, 60),
      Interaction: seconds(s.accessCodeLifespanLogin, 1800),
      RefreshToken: seconds(s.ssoSessionIdleTimeout, 1800),
      Session: seconds(s.ssoSessionMaxLifespan, 36000),
      Grant: seconds(s.ssoSessionMaxLifespan, 36000),
    },
    cookies: {
      keys: [cookieSecret],
      names: { session: 'KEYCLOAK_SESSION', interaction: 'AUTH_SESSION_ID', resume: 'AUTH_SESSION_RESUME' },
      long: { httpOnly: true, sameSite: 'lax', path: cookiePath, signed: true, secure: !o.devMode } as never,
      short: { httpOnly: true, sameSite: 'lax', path: cookiePath, signed: true, secure: !o.devMode } as never,
    },
    interactions: {
      url: (_ctx, interaction) => o.interactionUrl(interaction.uid, interaction.params.client_id as string | undefined),
      policy: promptPolicy(s.registrationAllowed === true),
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: s.revokeRefreshToken === true,
    clientBasedCORS: (_ctx, origin, client) => {
      const c = client as unknown as Record<string, string[]>;
      return originAllowed(origin, c.kc_web_origins ?? [], c.kc_redirect_patterns ?? []);
    },
    loadExistingGrant: async (ctx) => {
      const client = ctx.oidc.client!;
      const session = ctx.oidc.session!;
      const existingId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant = existingId ? await ctx.oidc.provider.Grant.find(existingId) : undefined;
      // Keycloak asks for consent only for clients that say so; the others are granted what they ask.
      if ((client as unknown as Record<string, boolean>).kc_consent_required && !grant) return undefined;
      const target = grant ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      target.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      const claims = ctx.oidc.requestParamClaims;
      if (claims && claims.size > 0) target.addOIDCClaims([...claims]);
      await target.save();
      return target;
    },
    findAccount: async (ctx, sub) => {
      const user = await requestUser(store, realm.id, sub);
      if (!user || !user.enabled) return undefined;
      return {
        accountId: sub,
        async claims(use, scope) {
          const client = snapshot.clientsByClientId.get(ctx.oidc.client?.clientId ?? '');
          if (!client) return { sub };
          const target = use === 'id_token' ? 'id' : 'userinfo';
          const result = await userClaims(store, {
            snapshot,
            client,
            userId: sub,
            user,
            requestedScopes: scope.split(' '),
            target,
            session: sessionInfo(ctx),
            authBaseUrl: o.baseUrl,
          });
          const claims = { ...result?.claims, sub };
          return target === 'id' ? { ...claims, typ: 'ID', azp: client.clientId } : claims;
        },
      };
    },
    extraTokenClaims: async (ctx, token) => accessTokenClaims(ctx, token as unknown as TokenLike),
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = await o.errorPage(out as { error: string; error_description?: string });
    },
  };

  async function accessTokenClaims(ctx: KoaContextWithOIDC, token: TokenLike): Promise<Record<string, unknown>> {
    const client = snapshot.clientsByClientId.get(token.clientId);
    if (!client) return {};
    let userId = token.accountId;
    let serviceAccount: UserRecord | undefined;
    const notes: Record<string, string> = {};
    if (!userId) {
      serviceAccount = await store.users.findByServiceAccountClient(realm.id, client.id);
      if (!serviceAccount) return {};
      userId = serviceAccount.id;
      Object.assign(notes, { client_id: client.clientId, clientHost: ctx.ip, clientAddress: ctx.ip });
    }
    const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
    const authTime = (source as { authTime?: number } | undefined)?.authTime ?? sessionInfo(ctx).authTime;
    const acr = (source as { acr?: string } | undefined)?.acr ?? sessionInfo(ctx).acr ?? '1';
    const result = await userClaims(store, {
      snapshot,
      client,
      userId,
      user: serviceAccount,
      requestedScopes: (token.scope ?? '').split(' '),
      target: 'access',
      session: { authTime, acr, notes },
      authBaseUrl: o.baseUrl,
    });
    if (!result) return {};
    const service = token.accountId ? {} : notes;
    return {
      ...result.claims,
      ...service,
      typ: 'Bearer',
      azp: client.clientId,
      ...(token.sid ? { sid: token.sid } : {}),
      ...(authTime && token.accountId ? { auth_time: authTime } : {}),
      scope: result.scope,
      kc_aud: result.audiences,
      sub: userId,
    };
  }

  const provider = new Provider(issuer, configuration);
  provider.proxy = o.proxy;
  keycloakRedirectRules(provider);
  rotatedSecrets(provider, clock);
  jwtAccessTokens(provider, signingKey, issuer);
  registerPasswordGrant(provider, o.checkPassword);
  keycloakTokenResponse(provider);
  if (o.onEvent) {
    const onEvent = o.onEvent;
    for (const name of ['grant.success', 'grant.error', 'end_session.success', 'authorization.error', 'userinfo.error']) {
      (provider as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(name, (ctx, detail) =>
        onEvent(name, ctx as KoaContextWithOIDC, detail),
      );
    }
  }
  return provider;
}

/**
 * The engine's prompts, plus OIDC's `prompt=create` (sign-up) where the realm allows
 * registration, as Keycloak does; discovery then lists `create` in `prompt_values_supported`.
 */
function promptPolicy(registrationAllowed: boolean): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  if (registrationAllowed) policy.add(new interactionPolicy.Prompt({ name: 'create', requestable: true }), 0);
  return policy;
}

/** The signed-in session's time and level, whichever way the engine's session model exposes them. */
function sessionInfo(ctx: KoaContextWithOIDC): { authTime?: number; acr?: string } {
  const session = ctx.oidc.session as unknown as { authTime?: (() => number) | number; acr?: (() => string) | string } | undefined;
  if (!session) return {};
  const authTime = typeof session.authTime === 'function' ? session.authTime() : session.authTime;
  const acr = typeof session.acr === 'function' ? session.acr() : session.acr;
  return { authTime, acr };
}

interface TokenLike {
  clientId: string;
  accountId?: string;
  scope?: string;
  sid?: string;
  jti: string;
  iat?: number;
  exp?: number;
  extra?: Record<string, unknown>;
  kind: string;
}

/** Keycloak's redirect and post-logout rules (wildcards, relative URIs) in place of exact matching. */
function keycloakRedirectRules(provider: Provider): void {
  const proto = provider.Client.prototype as unknown as Record<string, unknown>;
  proto.redirectUriAllowed = function (this: Record<string, string[]>, value: string) {
    return redirectUriMatches(value, this.kc_redirect_patterns ?? []);
  };
  proto.postLogoutRedirectUriAllowed = function (this: Record<string, string[]>, value: string) {
    return redirectUriMatches(value, this.kc_post_logout_patterns ?? []);
  };
}

/** A client also authenticates with its rotated secret until that expires (Keycloak's secret rotation). */
function rotatedSecrets(provider: Provider, clock: Clock): void {
  const proto = provider.Client.prototype as unknown as { compareClientSecret(actual: string): Promise<boolean> | boolean };
  const compare = proto.compareClientSecret;
  proto.compareClientSecret = async function (this: Record<string, unknown>, actual: string) {
    if (await compare.call(this, actual)) return true;
    const rotated = this.kc_rotated_secret;
    const expiresAt = this.kc_rotated_secret_expires_at;
    if (typeof rotated !== 'string' || typeof expiresAt !== 'number' || expiresAt * 1000 <= clock.now()) return false;
    return compare.call({ ...this, clientSecret: rotated }, actual);
  };
}

/**
 * Access tokens are JWTs signed by the realm, as Keycloak's are, and also stored, so the
 * engine's userinfo, introspection and revocation find them by their value.
 */
function jwtAccessTokens(provider: Provider, key: NonNullable<ReturnType<typeof activeKey>>, issuer: string): void {
  for (const model of [provider.AccessToken, provider.ClientCredentials]) {
    const proto = model.prototype as unknown as { getValueAndPayload(): Promise<{ value: string; payload: Record<string, unknown> }> };
    const opaque = proto.getValueAndPayload;
    proto.getValueAndPayload = async function (this: TokenLike) {
      const { payload } = await opaque.call(this);
      const extra = { ...(payload.extra as Record<string, unknown> | undefined) };
      const audiences = (extra.kc_aud as string[] | undefined) ?? [];
      delete extra.kc_aud;
      const aud = audiences.length === 0 ? undefined : audiences.length === 1 ? audiences[0] : audiences;
      const claims = { ...extra, exp: payload.exp, iat: payload.iat, jti: payload.jti, iss: issuer, ...(aud ? { aud } : {}) };
      payload.extra = { ...extra, ...(aud ? { aud } : {}) };
      return { value: await signRs256(key, claims), payload };
    };
  }
}

/**
 * Keycloak's token response also carries `refresh_expires_in`, `not-before-policy` and (for a
 * user's session) `session_state`, and its `scope` lists the applied client scopes.
 */
function keycloakTokenResponse(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || !body || typeof body.access_token !== 'string') return;
    const entities = ctx.oidc.entities;
    const refresh = entities.RefreshToken as { exp?: number; expiration?: number } | undefined;
    const access = (entities.AccessToken ?? entities.ClientCredentials) as { sid?: string; extra?: Record<string, unknown> } | undefined;
    const now = Math.floor(Date.now() / 1000);
    ctx.body = {
      access_token: body.access_token,
      expires_in: body.expires_in,
      refresh_expires_in: body.refresh_token && refresh ? Math.max(0, refresh.exp ? refresh.exp - now : (refresh.expiration ?? 0)) : 0,
      ...(body.refresh_token ? { refresh_token: body.refresh_token } : {}),
      token_type: body.token_type,
      ...(body.id_token ? { id_token: body.id_token } : {}),
      'not-before-policy': 0,
      ...(access?.sid ? { session_state: access.sid } : {}),
      scope: typeof access?.extra?.scope === 'string' ? access.extra.scope : body.scope,
    };
  });
}

function logoutConfirmPage(form: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title><meta name="viewport" content="width=device-width,initial-scale=1"></head><body><main><h1>Do you want to sign out?</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button></main></body></html>`;
}
