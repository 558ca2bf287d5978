/**
 * The Admin REST API's own vocabulary, free of any HTTP framework: a call (who, which realm,
 * parameters, body), a response (status, body, Location), and the errors with Keycloak's
 * exact bodies. `http/admin-routes.ts` binds the routes to Fastify.
 */
import type { Clock } from '../kernel/clock.ts';
import type { ProviderRegistry } from '../protocol/oidc/provider-registry.ts';
import type { RealmRecord, Store } from '../storage/ports.ts';
import type { SmtpTlsTrust } from '../notify/smtp-transport.ts';
import type { Caller, Permission } from './auth.ts';

/** What the Admin API needs from the composition root. */
export interface AdminDeps {
  store: Store;
  clock: Clock;
  /** The realms' OIDC engines: their keys; invalidated after a realm changes. */
  registry: ProviderRegistry;
  /** Where the password blacklists live (password policy). */
  dataDir: string;
  /** Trust for SMTP servers' TLS certificates (`--smtp-tls-*`); default: the system's CAs only. */
  smtpTrust?: SmtpTlsTrust;
}

/** Query parameters as parsed: repeated keys become arrays. */
export type Query = Record<string, string | string[] | undefined>;

/** One authenticated Admin API request. `realm` is set for paths under `/admin/realms/{realm}`. */
export interface AdminCall {
  deps: AdminDeps;
  caller: Caller;
  realm: RealmRecord;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  /** The public base URL of this request (scheme://host[:port]). */
  baseUrl: string;
}

/** What a handler answers; `body` undefined means no content. */
export interface AdminResponse {
  status: number;
  body?: unknown;
  /** Absolute URL of a created resource. */
  location?: string;
}

/** An error answered with exactly this status and JSON body (Keycloak's wording). */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.errorMessage ?? body.error ?? status));
    this.name = 'AdminError';
  }
}

/** One Admin API route. `path` is relative to `/admin/realms/:realm` unless `global`. */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Not under a realm: the handler's `realm` is the caller's token realm. */
  global?: boolean;
  /** What the caller must be allowed in the target realm; `any` is any admin role there; `none` only a valid token. */
  permission: Permission | 'any' | 'none';
  handler: (call: AdminCall) => Promise<AdminResponse>;
}

/** 404 with Keycloak's `{"error": message}`. */
export const notFound = (message: string): AdminError => new AdminError(404, { error: message });

/** 400 with Keycloak's `{"errorMessage": message}` (and the field when known). */
export const badRequest = (message: string, field?: string): AdminError =>
  new AdminError(400, field ? { field, errorMessage: message } : { errorMessage: message });

/** 204 No Content. */
export const noContent: AdminResponse = { status: 204 };

/** The admin URL of a realm, for Location headers. */
export const realmUrl = (baseUrl: string, realmName: string): string => `${baseUrl}/admin/realms/${encodeURIComponent(realmName)}`;

/** A single query parameter (the first when repeated). */
export function queryOne(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A boolean query parameter: `true`/`false`, anything else undefined. */
export function queryBool(query: Query, name: string): boolean | undefined {
  const value = queryOne(query, name);
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** A non-negative integer query parameter, or undefined. */
export function queryInt(query: Query, name: string): number | undefined {
  const value = queryOne(query, name);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
