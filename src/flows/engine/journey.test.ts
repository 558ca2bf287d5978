import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../test/support/test-store.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { createRealm, prepareRealmKeys } from '../../domain/realms/service.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import { loadJourney, newJourney, saveJourney, startJourney } from './journey.ts';

describe('journeys', () => {
  const t = useTestStore();
  let now = 1_700_000_000_000;
  const clock: Clock = { now: () => now };

  async function realm(name: string, settings: Record<string, unknown> = {}): Promise<RealmRecord> {
    const id = newId();
    const keys = await prepareRealmKeys(id, systemClock);
    return t.store.transaction((tx) => createRealm(tx, { id, name, keys, settings }, systemClock));
  }

  it("starts on the realm's browser flow and stays open for accessCodeLifespanLogin", async () => {
    const r = await realm('journey-start', { browserFlow: 'my browser' });
    const journey = await startJourney(t.store, r, { clientId: 'shop', loginHint: 'pat' }, clock);
    assert.equal(journey.expiresAt, now + 1_800_000);
    assert.equal(journey.state.flowAlias, 'my browser');
    assert.ok(journey.id.length >= 32);
    const loaded = await loadJourney(t.store, r, journey.id, clock);
    assert.deepEqual(loaded, journey);
  });

  it('a new journey is stored by its first save, and a second new one with the same id is refused', async () => {
    const r = await realm('journey-new');
    const fresh = newJourney(r, { id: 'interaction-1', clientId: 'shop' }, clock);
    assert.equal(await loadJourney(t.store, r, 'interaction-1', clock), undefined, 'nothing is stored before the save');
    fresh.state.attemptedUsername = 'pat';
    const saved = await saveJourney(t.store, r, fresh, clock);
    assert.equal(saved.version, 1);
    assert.deepEqual(await loadJourney(t.store, r, 'interaction-1', clock), saved);
    // Another request for the same interaction that also started it: it must reload, not overwrite.
    const twin = newJourney(r, { id: 'interaction-1', clientId: 'shop' }, clock);
    await assert.rejects(saveJourney(t.store, r, twin, clock), (error) => isGatehouseError(error, 'GH_CONFLICT'));
    assert.equal((await loadJourney(t.store, r, 'interaction-1', clock))?.state.attemptedUsername, 'pat');
  });

  it('is gone once it expired', async () => {
    const r = await realm('journey-expiry', { accessCodeLifespanLogin: 60 });
    const journey = await startJourney(t.store, r, { clientId: 'shop' }, clock);
    now += 61_000;
    assert.equal(await loadJourney(t.store, r, journey.id, clock), undefined);
    assert.equal(await t.store.journeys.find(r.id, journey.id), undefined);
  });

  it('keeps the first of two submissions of the same page and refuses the second', async () => {
    const r = await realm('journey-versions');
    const journey = await startJourney(t.store, r, { clientId: 'shop' }, clock);
    const tabA = (await loadJourney(t.store, r, journey.id, clock))!;
    const tabB = (await loadJourney(t.store, r, journey.id, clock))!;
    tabA.state.attemptedUsername = 'from-a';
    tabB.state.attemptedUsername = 'from-b';
    const saved = await saveJourney(t.store, r, tabA, clock);
    assert.equal(saved.version, 2);
    await assert.rejects(saveJourney(t.store, r, tabB, clock), (e) => isGatehouseError(e, 'GH_CONFLICT'));
    assert.equal((await loadJourney(t.store, r, journey.id, clock))!.state.attemptedUsername, 'from-a');
  });

  it('extends its expiry on every save', async () => {
    const r = await realm('journey-extend');
    const journey = await startJourney(t.store, r, { clientId: 'shop' }, clock);
    now += 1_000_000;
    const saved = await saveJourney(t.store, r, journey, clock);
    assert.equal(saved.expiresAt, now + 1_800_000);
  });
});
