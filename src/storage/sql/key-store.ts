import type { Kysely, Selectable } from 'kysely';
import type { KeyRecord, KeyStore } from '../ports.ts';
import { toBool, toInt } from './codec.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['realm_keys']>): KeyRecord => ({
  id: row.id,
  realmId: row.realm_id,
  kid: row.kid,
  providerId: row.provider_id,
  algorithm: row.algorithm,
  use: row.key_use === 'enc' ? 'enc' : 'sig',
  priority: row.priority,
  enabled: toBool(row.enabled),
  active: toBool(row.active),
  publicJwk: row.public_jwk ? (JSON.parse(row.public_jwk) as Record<string, unknown>) : null,
  privateJwk: JSON.parse(row.private_jwk) as Record<string, unknown>,
  certificate: row.certificate,
  createdAt: Number(row.created_at),
});

const toRow = (k: KeyRecord): Selectable<Database['realm_keys']> => ({
  id: k.id,
  realm_id: k.realmId,
  kid: k.kid,
  provider_id: k.providerId,
  algorithm: k.algorithm,
  key_use: k.use,
  priority: k.priority,
  enabled: toInt(k.enabled),
  active: toInt(k.active),
  public_jwk: k.publicJwk ? JSON.stringify(k.publicJwk) : null,
  private_jwk: JSON.stringify(k.privateJwk),
  certificate: k.certificate,
  created_at: k.createdAt,
});

export class SqlKeyStore implements KeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: KeyRecord): Promise<void> {
    await this.db.insertInto('realm_keys').values(toRow(key)).execute();
  }

  async listForRealm(realmId: string): Promise<KeyRecord[]> {
    const rows = await this.db
      .selectFrom('realm_keys')
      .selectAll()
      .where('realm_id', '=', realmId)
      .orderBy('priority', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  async update(key: KeyRecord): Promise<void> {
    const { id, realm_id, ...changes } = toRow(key);
    await this.db.updateTable('realm_keys').set(changes).where('realm_id', '=', realm_id).where('id', '=', id).execute();
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('realm_keys').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }
}
