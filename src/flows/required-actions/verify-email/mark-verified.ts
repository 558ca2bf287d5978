import { recordEvent } from '../../../domain/events/service.ts';
import { updateUser } from '../../../domain/users/service.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { RealmRecord, Repositories, UserRecord } from '../../../storage/ports.ts';

/** Who verified, for the VERIFY_EMAIL event. */
export interface VerifiedBy {
  clientId: string | null;
  ipAddress: string | null;
  /** `link` or `code`: how the address was proven (Gatehouse's detail, beside Keycloak's `email`). */
  method: 'link' | 'code';
}

/**
 * Marks the user's address verified and drops VERIFY_EMAIL, with Keycloak's VERIFY_EMAIL
 * event, in the caller's transaction.
 */
export async function markEmailVerified(tx: Repositories, realm: RealmRecord, user: UserRecord, by: VerifiedBy, clock: Clock): Promise<UserRecord> {
  const verified = { ...user, emailVerified: true };
  if (!user.emailVerified) await updateUser(tx, realm, verified);
  await tx.users.removeRequiredAction(user.id, 'VERIFY_EMAIL');
  await recordEvent(
    tx,
    realm,
    { type: 'VERIFY_EMAIL', clientId: by.clientId, userId: user.id, ipAddress: by.ipAddress, details: { email: user.email ?? undefined, verification_method: by.method } },
    clock,
  );
  return verified;
}
