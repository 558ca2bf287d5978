/**
 * Pre-registration hooks of a realm — a Gatehouse extension, not part of Keycloak's API —
 * under `/admin/realms/{realm}/registration-hooks`: create, list, read, change and remove
 * them. Like a webhook's, a hook's secret is shown once, at creation, and masked afterwards.
 */
import { newId } from '../kernel/ids.ts';
import type { RegistrationHookRecord } from '../storage/ports.ts';
import { MASKED } from './realms.ts';
import { endpointSecretOf, endpointUrlOf, newEndpointSecret } from './signed-endpoint.ts';
import { badRequest, noContent, notFound, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { objectBody, optBool, optString } from './validate.ts';

/** How long a hook may take unless it says otherwise, and the most it may ask for. */
export const DEFAULT_HOOK_TIMEOUT_MS = 3000;
export const MAX_HOOK_TIMEOUT_MS = 10_000;

function representation(h: RegistrationHookRecord, secret = MASKED): Record<string, unknown> {
  return { id: h.id, url: h.url, secret, timeoutMs: h.timeoutMs, failurePolicy: h.failurePolicy, enabled: h.enabled, createdTimestamp: h.createdAt };
}

function timeoutOf(body: Record<string, unknown>, current: number): number {
  const value = body.timeoutMs;
  if (value === undefined || value === null) return current;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_HOOK_TIMEOUT_MS) {
    throw badRequest(`Invalid value for field 'timeoutMs': expected milliseconds from 1 to ${MAX_HOOK_TIMEOUT_MS}`, 'timeoutMs');
  }
  return value;
}

function policyOf(body: Record<string, unknown>, current: 'open' | 'closed'): 'open' | 'closed' {
  const value = optString(body, 'failurePolicy');
  if (value === undefined || value === null) return current;
  if (value !== 'open' && value !== 'closed') throw badRequest("Invalid value for field 'failurePolicy': expected \"open\" or \"closed\"", 'failurePolicy');
  return value;
}

async function hookOf(call: AdminCall): Promise<RegistrationHookRecord> {
  const hook = await call.deps.store.registrationHooks.findById(call.realm.id, call.params.id ?? '');
  if (!hook) throw notFound('Registration hook not found');
  return hook;
}

async function createHook(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const hook: RegistrationHookRecord = {
    id: newId(),
    realmId: call.realm.id,
    url: endpointUrlOf(optString(body, 'url'), 'A registration hook'),
    secret: endpointSecretOf(body, 'A registration hook secret') ?? newEndpointSecret(),
    timeoutMs: timeoutOf(body, DEFAULT_HOOK_TIMEOUT_MS),
    // Open by default: a hook that is down should not stop every sign-up unless asked to.
    failurePolicy: policyOf(body, 'open'),
    enabled: optBool(body, 'enabled') ?? true,
    createdAt: call.deps.clock.now(),
  };
  await call.deps.store.registrationHooks.create(hook);
  // The only answer that shows the secret: the hook needs it to check signatures.
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/registration-hooks/${hook.id}`, body: representation(hook, hook.secret) };
}

async function listHooks(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: (await call.deps.store.registrationHooks.list(call.realm.id)).map((h) => representation(h)) };
}

async function getHook(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: representation(await hookOf(call)) };
}

async function updateHook(call: AdminCall): Promise<AdminResponse> {
  const current = await hookOf(call);
  const body = objectBody(call.body);
  const url = optString(body, 'url');
  await call.deps.store.registrationHooks.update({
    ...current,
    url: url === undefined || url === null ? current.url : endpointUrlOf(url, 'A registration hook'),
    secret: endpointSecretOf(body, 'A registration hook secret') ?? current.secret,
    timeoutMs: timeoutOf(body, current.timeoutMs),
    failurePolicy: policyOf(body, current.failurePolicy),
    enabled: optBool(body, 'enabled') ?? current.enabled,
  });
  return noContent;
}

async function deleteHook(call: AdminCall): Promise<AdminResponse> {
  const hook = await hookOf(call);
  await call.deps.store.registrationHooks.delete(call.realm.id, hook.id);
  return noContent;
}

/** The pre-registration hook routes (a Gatehouse extension). */
export const registrationHookRoutes: AdminRoute[] = [
  { method: 'GET', path: '/registration-hooks', permission: 'view-realm', handler: listHooks },
  { method: 'POST', path: '/registration-hooks', permission: 'manage-realm', handler: createHook },
  { method: 'GET', path: '/registration-hooks/:id', permission: 'view-realm', handler: getHook },
  { method: 'PUT', path: '/registration-hooks/:id', permission: 'manage-realm', handler: updateHook },
  { method: 'DELETE', path: '/registration-hooks/:id', permission: 'manage-realm', handler: deleteHook },
];
