// Types for the two internal modules of oidc-provider that the password grant reuses.
declare module 'oidc-provider/lib/helpers/grant_common.js' {
  export function issueTokens(provider: unknown, helpers: unknown, ctx: unknown, source: unknown, grant: unknown, options: unknown): Promise<void>;
}
declare module 'oidc-provider/lib/helpers/grants.js' {
  const helpers: Record<string, unknown>;
  export = helpers;
}
