import type { Clock } from '../../kernel/clock.ts';
import { newTimeOrderedId } from '../../kernel/ids.ts';
import type { RealmRecord, Repositories } from '../../storage/ports.ts';
import type { EmailRequest } from './model.ts';
import { assertValidRecipient } from './recipient.ts';

/** Called after an email is written, so that a sender in this process can wake at once. */
type EnqueueListener = () => void;
const listeners = new Set<EnqueueListener>();

/**
 * Lets the in-process sender know that an email was enqueued. It wakes a moment later and
 * finds the row once the caller's transaction has committed (a rolled-back row is never seen).
 */
export function onEmailEnqueued(listener: EnqueueListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Writes the email into the outbox inside the caller's transaction; it is delivered after commit. */
export async function enqueueEmail(tx: Repositories, realm: RealmRecord, request: EmailRequest, clock: Clock): Promise<void> {
  const to = request.to.trim();
  assertValidRecipient(to);
  const now = clock.now();
  await tx.emailOutbox.enqueue({
    id: newTimeOrderedId(now),
    realmId: realm.id,
    userId: request.userId ?? null,
    recipient: to,
    template: request.template,
    subjectKey: request.subjectKey,
    subjectParams: (request.subjectParams ?? []).map(String),
    attributes: request.attributes,
    locale: request.locale ?? null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    createdAt: now,
    sentAt: null,
    claimedBy: null,
    claimedUntil: null,
    transport: null,
    subject: null,
    bodyText: null,
    bodyHtml: null,
  });
  for (const listener of listeners) listener();
}
