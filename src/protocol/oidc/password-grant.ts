import { errors, type KoaContextWithOIDC, type Provider } from 'oidc-provider';
// The engine's own helpers issue the tokens, so the password grant's tokens are exactly like
// the code grant's (same claims, refresh token, ID token). Pinned with the engine's version.
import { issueTokens } from 'oidc-provider/lib/helpers/grant_common.js';
import * as grantHelpers from 'oidc-provider/lib/helpers/grants.js';
import { randomUUID } from 'node:crypto';

/** An `invalid_grant` with Keycloak's description (and, for bad credentials, Keycloak's 401). */
function invalidGrant(description: string, status = 400): Error {
  return Object.assign(new errors.InvalidGrant(description), { status, statusCode: status, error_description: description, expose: true });
}

export type PasswordCheck =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid_user_credentials' | 'user_disabled' | 'not_fully_set_up' };

/**
 * Registers OAuth 2.0's resource owner password grant, which Keycloak keeps for clients with
 * `directAccessGrantsEnabled` (admin-cli and the admin client rely on it). `check` runs the
 * realm's `direct grant` rules: credentials, disabled account, pending required actions.
 */
export function registerPasswordGrant(provider: Provider, check: (ctx: KoaContextWithOIDC, username: string, password: string) => Promise<PasswordCheck>): void {
  const helpers = Object.fromEntries(
    Object.entries(grantHelpers).map(([name, helper]) => [name, (helper as (...args: unknown[]) => unknown).bind(undefined, provider)]),
  );
  provider.registerGrantType(
    'password',
    async (ctx: KoaContextWithOIDC) => {
      const params = ctx.oidc.params as Record<string, string | undefined>;
      const client = ctx.oidc.client!;
      if ((client as unknown as Record<string, boolean>).kc_direct_access !== true) {
        throw Object.assign(new errors.UnauthorizedClient('Client not allowed for direct access grants'), { error_description: 'Client not allowed for direct access grants' });
      }
      if (!params.username) throw new errors.InvalidRequest("missing required parameter 'username'");
      if (params.password === undefined) throw new errors.InvalidRequest("missing required parameter 'password'");
      const result = await check(ctx, params.username, params.password);
      if (!result.ok) {
        if (result.reason === 'invalid_user_credentials') throw invalidGrant('Invalid user credentials', 401);
        throw invalidGrant(result.reason === 'user_disabled' ? 'Account disabled' : 'Account is not fully set up');
      }
      const scope = (params.scope ?? '').split(' ').filter(Boolean);
      const grant = new provider.Grant({ accountId: result.userId, clientId: client.clientId });
      if (scope.length > 0) grant.addOIDCScope(scope.join(' '));
      const grantId = await grant.save();
      const now = Math.floor(Date.now() / 1000);
      const source = {
        accountId: result.userId,
        grantId,
        scope: scope.join(' '),
        scopes: new Set(scope),
        authTime: now,
        acr: '1',
        amr: ['pwd'],
        sid: randomUUID(),
        claims: undefined,
        nonce: undefined,
        resource: undefined,
        expiresWithSession: false,
      };
      await issueTokens(provider, helpers, ctx, source, grant, { gty: 'password', entityLabel: 'password', cert: undefined, dPoP: undefined });
    },
    ['username', 'password', 'scope'],
  );
}
