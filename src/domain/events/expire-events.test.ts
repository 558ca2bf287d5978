import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRealm } from '../../../test/support/test-realm.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import { newId } from '../../kernel/ids.ts';
import { expireEvents } from './expire-events.ts';

const t = useTestStore();

describe('events expiry', () => {
  it("removes events past the realm's eventsExpiration and admin events past adminEventsExpiration, nothing else", async () => {
    const { store } = t;
    const now = 10_000_000;
    const kept = await createTestRealm(store, 'keeps-all', { eventsEnabled: true });
    const short = await createTestRealm(store, 'short', { eventsEnabled: true, eventsExpiration: 60, attributes: { adminEventsExpiration: '120' } });
    for (const realm of [kept, short]) {
      for (const age of [30_000, 90_000, 150_000]) {
        await store.events.append({ id: newId(), realmId: realm.id, time: now - age, type: 'LOGIN', clientId: null, userId: null, sessionId: null, ipAddress: null, error: null, details: {} });
        await store.adminEvents.append({
          id: newId(), realmId: realm.id, time: now - age, operationType: 'UPDATE', resourceType: 'REALM', resourcePath: '',
          authRealmId: null, authClientId: null, authUserId: null, authIpAddress: null, representation: null, error: null, details: {},
        });
      }
    }
    assert.deepEqual(await expireEvents(store, now), { events: 2, adminEvents: 1 });
    assert.deepEqual((await store.events.query(short.id, {})).map((e) => now - e.time), [30_000]);
    assert.deepEqual((await store.adminEvents.query(short.id, {})).map((e) => now - e.time), [30_000, 90_000]);
    assert.equal((await store.events.query(kept.id, {})).length, 3, 'a realm without an expiration keeps its events');
    assert.equal((await store.adminEvents.query(kept.id, {})).length, 3);
    assert.deepEqual(await expireEvents(store, now), { events: 0, adminEvents: 0 }, 'running again removes nothing more');
  });
});
