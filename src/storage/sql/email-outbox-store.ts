import { PostgresAdapter, type Kysely, type Selectable, type Updateable } from 'kysely';
import type {
  EmailAttemptFailure,
  EmailDelivery,
  EmailOutboxQuery,
  EmailOutboxRecord,
  EmailOutboxStatus,
  EmailOutboxStore,
  EmailTransport,
} from '../ports.ts';
import { fromJson, paging, toJson } from './codec.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['email_outbox']>): EmailOutboxRecord => ({
  id: row.id,
  realmId: row.realm_id,
  userId: row.user_id,
  recipient: row.recipient,
  template: row.template,
  subjectKey: row.subject_key,
  subjectParams: row.subject_params ? (JSON.parse(row.subject_params) as string[]) : [],
  attributes: fromJson(row.attributes),
  locale: row.locale,
  status: row.status as EmailOutboxStatus,
  attempts: Number(row.attempts),
  nextAttemptAt: Number(row.next_attempt_at),
  lastError: row.last_error,
  createdAt: Number(row.created_at),
  sentAt: row.sent_at === null ? null : Number(row.sent_at),
  claimedBy: row.claimed_by,
  claimedUntil: row.claimed_until === null ? null : Number(row.claimed_until),
  transport: row.transport as EmailTransport | null,
  subject: row.subject,
  bodyText: row.body_text,
  bodyHtml: row.body_html,
});

const unsent = ['pending', 'failed'];

export class SqlEmailOutboxStore implements EmailOutboxStore {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(r: EmailOutboxRecord): Promise<void> {
    await this.db
      .insertInto('email_outbox')
      .values({
        id: r.id,
        realm_id: r.realmId,
        user_id: r.userId,
        recipient: r.recipient,
        template: r.template,
        subject_key: r.subjectKey,
        subject_params: JSON.stringify(r.subjectParams),
        attributes: toJson(r.attributes),
        locale: r.locale,
        status: r.status,
        attempts: r.attempts,
        next_attempt_at: r.nextAttemptAt,
        last_error: r.lastError,
        created_at: r.createdAt,
        sent_at: r.sentAt,
        claimed_by: r.claimedBy,
        claimed_until: r.claimedUntil,
        transport: r.transport,
        subject: r.subject,
        body_text: r.bodyText,
        body_html: r.bodyHtml,
      })
      .execute();
  }

  async claimDue(now: number, node: string, claimedUntil: number, limit: number): Promise<EmailOutboxRecord[]> {
    // One statement in both dialects: SQLite has a single writer, so the select and the update
    // cannot interleave with another node's; PostgreSQL locks the chosen rows and skips rows
    // another node is claiming at this moment instead of waiting for them.
    const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
    // Every node asks about once a second: answer "nothing due" with a read, without the write lock.
    const anyDue = await this.db
      .selectFrom('email_outbox')
      .select('id')
      .where('status', 'in', unsent)
      .where('next_attempt_at', '<=', now)
      .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', now)]))
      .limit(1)
      .executeTakeFirst();
    if (!anyDue) return [];
    const rows = await this.db
      .updateTable('email_outbox')
      .set({ claimed_by: node, claimed_until: claimedUntil })
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('email_outbox')
          .select('id')
          .where('status', 'in', unsent)
          .where('next_attempt_at', '<=', now)
          .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', now)]))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit);
        return postgres ? due.forUpdate().skipLocked() : due;
      })
      .where('status', 'in', unsent)
      .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', now)]))
      .returningAll()
      .execute();
    return rows.map(toRecord).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id.localeCompare(b.id));
  }

  async markSent(id: string, node: string, d: EmailDelivery): Promise<boolean> {
    return this.releaseClaim(id, node, {
      status: 'sent',
      sent_at: d.sentAt,
      transport: d.transport,
      subject: d.subject,
      body_text: d.bodyText,
      body_html: d.bodyHtml,
      last_error: null,
    });
  }

  async markFailed(id: string, node: string, f: EmailAttemptFailure): Promise<boolean> {
    return this.releaseClaim(id, node, {
      status: f.dead ? 'dead' : 'failed',
      attempts: f.attempts,
      last_error: f.lastError,
      next_attempt_at: f.nextAttemptAt,
    });
  }

  /**
   * Writes an attempt's outcome and gives up the claim, but only while `node` still holds it
   * and the email is unsent: a node whose claim lapsed and was taken over changes nothing.
   */
  private async releaseClaim(id: string, node: string, outcome: Updateable<Database['email_outbox']>): Promise<boolean> {
    const result = await this.db
      .updateTable('email_outbox')
      .set({ ...outcome, claimed_by: null, claimed_until: null })
      .where('id', '=', id)
      .where('claimed_by', '=', node)
      .where('status', 'in', unsent)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(id: string): Promise<EmailOutboxRecord | undefined> {
    const row = await this.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(q: EmailOutboxQuery): Promise<EmailOutboxRecord[]> {
    let query = this.db.selectFrom('email_outbox').selectAll();
    if (q.realmId !== undefined) query = query.where('realm_id', '=', q.realmId);
    if (q.transport !== undefined) query = query.where('transport', '=', q.transport);
    if (q.status !== undefined) query = query.where('status', '=', q.status);
    const { limit } = paging(0, q.max);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('status', 'in', unsent)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  async deleteFinishedBefore(time: number): Promise<number> {
    const result = await this.db
      .deleteFrom('email_outbox')
      .where('status', 'in', ['sent', 'dead'])
      .where('created_at', '<', time)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
