/**
 * Client secret rotation as Keycloak does it: when one of the realm's enabled client policies
 * applies a profile with the `secret-rotation` executor, a regenerated secret moves the old
 * one to the client attribute `client.secret.rotated`, which keeps authenticating the client
 * until `client.secret.rotated.expiration.time` (epoch seconds). Without such a policy the
 * old secret stops working at once and any rotation information is removed.
 */
import type { RealmRecord } from '../../storage/ports.ts';

/** Keycloak's client attributes for secret rotation. */
export const ROTATED_SECRET = 'client.secret.rotated';
export const ROTATED_SECRET_CREATION_TIME = 'client.secret.rotated.creation.time';
export const ROTATED_SECRET_EXPIRATION_TIME = 'client.secret.rotated.expiration.time';
export const SECRET_CREATION_TIME = 'client.secret.creation.time';
export const SECRET_EXPIRATION_TIME = 'client.secret.expiration.time';
const ROTATION_ATTRIBUTES = [ROTATED_SECRET, ROTATED_SECRET_CREATION_TIME, ROTATED_SECRET_EXPIRATION_TIME, SECRET_EXPIRATION_TIME, 'client.secret.remaining.expiration.time'];

/** The secret-rotation executor's periods, in seconds (Keycloak's defaults when unset). */
export interface RotationPeriods {
  expirationPeriod: number;
  rotatedExpirationPeriod: number;
}

type Json = Record<string, unknown>;
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : []);
const seconds = (value: unknown, fallback: number): number => {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** Whether a policy's conditions hold for a confidential client (the only kind with a secret). */
function appliesToConfidential(policy: Json): boolean {
  return objects(policy.conditions).every((c) => {
    if (c.condition !== 'client-access-type') return true;
    const types = (c.configuration as Json | undefined)?.type;
    return !Array.isArray(types) || types.includes('confidential');
  });
}

/** The rotation periods the realm's client policies ask for, or undefined when none rotates secrets. */
export function secretRotationPolicy(realm: RealmRecord): RotationPeriods | undefined {
  const profiles = objects((realm.settings.clientProfiles as Json | undefined)?.profiles);
  const policies = objects((realm.settings.clientPolicies as Json | undefined)?.policies);
  for (const policy of policies) {
    if (policy.enabled === false || !appliesToConfidential(policy)) continue;
    const names = Array.isArray(policy.profiles) ? policy.profiles : [];
    for (const profile of profiles.filter((p) => names.includes(p.name))) {
      const executor = objects(profile.executors).find((e) => e.executor === 'secret-rotation');
      if (!executor) continue;
      const config = (executor.configuration ?? {}) as Json;
      return {
        expirationPeriod: seconds(config['expiration-period'], 2505600),
        rotatedExpirationPeriod: seconds(config['rotated-expiration-period'], 172800),
      };
    }
  }
  return undefined;
}

/** The client attributes after a new secret replaces `oldSecret` at `nowMs`. */
export function attributesAfterNewSecret(attributes: Record<string, string>, oldSecret: string | undefined, policy: RotationPeriods | undefined, nowMs: number): Record<string, string> {
  const now = Math.floor(nowMs / 1000);
  const next = { ...attributes };
  for (const name of ROTATION_ATTRIBUTES) delete next[name];
  next[SECRET_CREATION_TIME] = String(now);
  if (policy && oldSecret) {
    next[ROTATED_SECRET] = oldSecret;
    next[ROTATED_SECRET_CREATION_TIME] = attributes[SECRET_CREATION_TIME] ?? String(now);
    next[ROTATED_SECRET_EXPIRATION_TIME] = String(now + policy.rotatedExpirationPeriod);
    next[SECRET_EXPIRATION_TIME] = String(now + policy.expirationPeriod);
  }
  return next;
}

/** The client attributes without the rotated secret (Keycloak's "invalidate rotated secret"). */
export function attributesWithoutRotatedSecret(attributes: Record<string, string>): Record<string, string> {
  const next = { ...attributes };
  for (const name of [ROTATED_SECRET, ROTATED_SECRET_CREATION_TIME, ROTATED_SECRET_EXPIRATION_TIME]) delete next[name];
  return next;
}

/** The rotated secret that still authenticates the client at `nowMs`, if any. */
export function liveRotatedSecret(attributes: Record<string, unknown>, nowMs: number): string | undefined {
  const secret = attributes[ROTATED_SECRET];
  const expires = Number(attributes[ROTATED_SECRET_EXPIRATION_TIME]);
  if (typeof secret !== 'string' || secret === '' || !Number.isFinite(expires)) return undefined;
  return expires * 1000 > nowMs ? secret : undefined;
}
