/**
 * Webhook endpoints of a realm — a Gatehouse extension, not part of Keycloak's API — under
 * `/admin/realms/{realm}/webhooks`: create, list, read, change and remove endpoints (the
 * secret is shown once, at creation, and masked afterwards), read an endpoint's delivery log
 * and ask for one delivery, or those of a time range, to be made again.
 */
import { WEBHOOK_LISTENER, listenersOf } from '../domain/events/outbox.ts';
import { newId } from '../kernel/ids.ts';
import type { Repositories, WebhookDeliveryRecord, WebhookRecord } from '../storage/ports.ts';
import { queryCount, queryDate } from './event-query.ts';
import { MASKED } from './realms.ts';
import { endpointSecretOf, endpointUrlOf, newEndpointSecret } from './signed-endpoint.ts';
import { badRequest, noContent, notFound, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { objectBody, optBool, optString, optStringArray } from './validate.ts';
import { realmChanged } from './realm-changed.ts';

/** How long failed deliveries are retried unless the endpoint says otherwise: one day. */
const DEFAULT_RETRY_PERIOD_S = 86_400;

function representation(w: WebhookRecord, secret = MASKED): Record<string, unknown> {
  return { id: w.id, url: w.url, secret, eventTypes: w.eventTypes, enabled: w.enabled, retryPeriod: w.retryPeriod, createdTimestamp: w.createdAt };
}

function retryPeriodOf(body: Record<string, unknown>, current: number): number {
  const value = body.retryPeriod;
  if (value === undefined || value === null) return current;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badRequest("Invalid value for field 'retryPeriod': expected a non-negative number of seconds", 'retryPeriod');
  return value;
}

async function webhookOf(call: AdminCall): Promise<WebhookRecord> {
  const webhook = await call.deps.store.webhooks.findById(call.realm.id, call.params.id ?? '');
  if (!webhook) throw notFound('Webhook not found');
  return webhook;
}

/** Adds the webhook listener to the realm's `eventsListeners`, so that a new endpoint gets events. */
async function enableListener(tx: Repositories, realmId: string): Promise<void> {
  const realm = await tx.realms.findById(realmId);
  if (!realm || listenersOf(realm).includes(WEBHOOK_LISTENER)) return;
  await tx.realms.update({ ...realm, settings: { ...realm.settings, eventsListeners: [...listenersOf(realm), WEBHOOK_LISTENER] } });
}

async function createWebhook(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const webhook: WebhookRecord = {
    id: newId(),
    realmId: call.realm.id,
    url: endpointUrlOf(optString(body, 'url'), 'A webhook'),
    secret: endpointSecretOf(body, 'A webhook secret') ?? newEndpointSecret(),
    eventTypes: optStringArray(body, 'eventTypes') ?? [],
    enabled: optBool(body, 'enabled') ?? true,
    retryPeriod: retryPeriodOf(body, DEFAULT_RETRY_PERIOD_S),
    createdAt: call.deps.clock.now(),
  };
  await call.deps.store.transaction(async (tx) => {
    await tx.webhooks.create(webhook);
    await enableListener(tx, call.realm.id);
  });
  await realmChanged(call.deps, call.realm);
  // The only answer that shows the secret: receivers need it to check signatures.
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/webhooks/${webhook.id}`, body: representation(webhook, webhook.secret) };
}

async function listWebhooks(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: (await call.deps.store.webhooks.list(call.realm.id)).map((w) => representation(w)) };
}

async function getWebhook(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: representation(await webhookOf(call)) };
}

async function updateWebhook(call: AdminCall): Promise<AdminResponse> {
  const current = await webhookOf(call);
  const body = objectBody(call.body);
  const url = optString(body, 'url');
  await call.deps.store.webhooks.update({
    ...current,
    url: url === undefined || url === null ? current.url : endpointUrlOf(url, 'A webhook'),
    secret: endpointSecretOf(body, 'A webhook secret') ?? current.secret,
    eventTypes: optStringArray(body, 'eventTypes') ?? current.eventTypes,
    enabled: optBool(body, 'enabled') ?? current.enabled,
    retryPeriod: retryPeriodOf(body, current.retryPeriod),
  });
  return noContent;
}

async function deleteWebhook(call: AdminCall): Promise<AdminResponse> {
  const webhook = await webhookOf(call);
  await call.deps.store.webhooks.delete(call.realm.id, webhook.id);
  return noContent;
}

/** A delivery with its attempts, as the delivery log shows it (the body is not repeated). */
function deliveryRepresentation(d: WebhookDeliveryRecord, attempts: { time: number; statusCode: number | null; durationMs: number; error: string | null }[]): Record<string, unknown> {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status.toUpperCase(),
    attempts: d.attempts,
    createdTimestamp: d.createdAt,
    ...(d.status === 'pending' ? { nextAttemptTimestamp: d.nextAttemptAt } : {}),
    ...(d.deliveredAt !== null ? { deliveredTimestamp: d.deliveredAt } : {}),
    ...(d.lastStatusCode !== null ? { lastStatusCode: d.lastStatusCode } : {}),
    ...(d.lastError !== null ? { lastError: d.lastError } : {}),
    log: attempts.map((a) => ({ time: a.time, durationMs: a.durationMs, ...(a.statusCode !== null ? { statusCode: a.statusCode } : {}), ...(a.error !== null ? { error: a.error } : {}) })),
  };
}

async function listDeliveries(call: AdminCall): Promise<AdminResponse> {
  const webhook = await webhookOf(call);
  const { store } = call.deps;
  const deliveries = await store.webhooks.listDeliveries(call.realm.id, webhook.id, { first: queryCount(call.query, 'first') ?? 0, max: queryCount(call.query, 'max') ?? 100 });
  const attempts = await store.webhooks.listAttempts(deliveries.map((d) => d.id));
  return { status: 200, body: deliveries.map((d) => deliveryRepresentation(d, attempts.filter((a) => a.deliveryId === d.id))) };
}

/** Sends a delivery again (delivered or dead-lettered ones too), with a fresh retry period. */
async function redeliver(call: AdminCall): Promise<AdminResponse> {
  const webhook = await webhookOf(call);
  const { store, clock } = call.deps;
  const delivery = await store.webhooks.findDelivery(call.realm.id, call.params.deliveryId ?? '');
  if (!delivery || delivery.webhookId !== webhook.id) throw notFound('Delivery not found');
  const now = clock.now();
  await store.webhooks.updateDelivery({ ...delivery, status: 'pending', retryFrom: now, nextAttemptAt: now, claimedUntil: null, deliveredAt: null });
  return noContent;
}

/** Sends again every delivery of the endpoint made between `dateFrom` and `dateTo` (both optional); answers how many. */
async function redeliverRange(call: AdminCall): Promise<AdminResponse> {
  const webhook = await webhookOf(call);
  const { store, clock } = call.deps;
  const from = queryDate(call.query, 'dateFrom', 'from') ?? 0;
  const to = queryDate(call.query, 'dateTo', 'to') ?? clock.now();
  const count = await store.webhooks.redeliverRange(call.realm.id, webhook.id, from, to, clock.now());
  return { status: 200, body: { count } };
}

/** The webhook routes (a Gatehouse extension). */
export const webhookRoutes: AdminRoute[] = [
  { method: 'GET', path: '/webhooks', permission: 'view-events', handler: listWebhooks },
  { method: 'POST', path: '/webhooks', permission: 'manage-events', handler: createWebhook },
  { method: 'GET', path: '/webhooks/:id', permission: 'view-events', handler: getWebhook },
  { method: 'PUT', path: '/webhooks/:id', permission: 'manage-events', handler: updateWebhook },
  { method: 'DELETE', path: '/webhooks/:id', permission: 'manage-events', handler: deleteWebhook },
  { method: 'GET', path: '/webhooks/:id/deliveries', permission: 'view-events', handler: listDeliveries },
  { method: 'POST', path: '/webhooks/:id/deliveries/:deliveryId/redeliver', permission: 'manage-events', handler: redeliver },
  { method: 'POST', path: '/webhooks/:id/redeliver', permission: 'manage-events', handler: redeliverRange },
];
