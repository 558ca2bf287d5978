import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RealmRecord } from '../../storage/ports.ts';
import { attributesAfterNewSecret, attributesWithoutRotatedSecret, liveRotatedSecret, secretRotationPolicy } from './secret-rotation.ts';

const realm = (settings: Record<string, unknown>): RealmRecord => ({ id: 'r', name: 'r', enabled: true, settings, createdAt: 0 });
const profiles = { profiles: [{ name: 'p', executors: [{ executor: 'secret-rotation', configuration: { 'rotated-expiration-period': '60' } }] }] };

describe('client secret rotation', () => {
  it('applies only where an enabled client policy uses the secret-rotation executor for confidential clients', () => {
    assert.equal(secretRotationPolicy(realm({})), undefined);
    assert.equal(secretRotationPolicy(realm({ clientProfiles: profiles, clientPolicies: { policies: [{ name: 'x', enabled: false, profiles: ['p'] }] } })), undefined);
    const publicOnly = { policies: [{ name: 'x', enabled: true, conditions: [{ condition: 'client-access-type', configuration: { type: ['public'] } }], profiles: ['p'] }] };
    assert.equal(secretRotationPolicy(realm({ clientProfiles: profiles, clientPolicies: publicOnly })), undefined);
    assert.deepEqual(secretRotationPolicy(realm({ clientProfiles: profiles, clientPolicies: { policies: [{ name: 'x', enabled: true, profiles: ['p'] }] } })), {
      expirationPeriod: 2505600,
      rotatedExpirationPeriod: 60,
    });
  });

  it('keeps the old secret until the rotated expiry, and drops it on invalidation or without a policy', () => {
    const now = 1_700_000_000_000;
    const rotated = attributesAfterNewSecret({ other: 'kept' }, 'old', { expirationPeriod: 1000, rotatedExpirationPeriod: 60 }, now);
    assert.equal(rotated['client.secret.rotated'], 'old');
    assert.equal(rotated['client.secret.rotated.expiration.time'], String(now / 1000 + 60));
    assert.equal(rotated.other, 'kept');
    assert.equal(liveRotatedSecret(rotated, now + 59_000), 'old');
    assert.equal(liveRotatedSecret(rotated, now + 60_000), undefined);
    assert.equal(liveRotatedSecret(attributesWithoutRotatedSecret(rotated), now), undefined);
    const plain = attributesAfterNewSecret(rotated, 'newer', undefined, now);
    assert.equal(plain['client.secret.rotated'], undefined);
    assert.equal(plain['client.secret.creation.time'], String(now / 1000));
  });
});
