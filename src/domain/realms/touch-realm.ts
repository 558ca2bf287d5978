import type { Repositories } from '../../storage/ports.ts';

/**
 * Records that something a realm's OIDC engine is built from (the realm's settings, a client,
 * a client scope, a protocol mapper, a scope link or a key) has changed. Every node compares
 * the realm's revision with the one its cached engine was built at and rebuilds when they
 * differ, so the change reaches all nodes on the database, not only the one that made it.
 * Call it with the transaction of the change, or after that change has committed: never
 * before, or another node could rebuild from the old data and keep it.
 */
export async function touchRealm(repos: Repositories, realmId: string): Promise<void> {
  await repos.realms.touch(realmId);
}
