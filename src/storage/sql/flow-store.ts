import type { Kysely, Selectable } from 'kysely';
import type { AuthenticatorConfigRecord, ExecutionRecord, FlowRecord, FlowStore, Requirement } from '../ports.ts';
import { conflictAs, fromJson, toBool, toInt, toJson } from './codec.ts';
import type { Database } from './schema.ts';

const toFlow = (row: Selectable<Database['authentication_flows']>): FlowRecord => ({
  id: row.id,
  realmId: row.realm_id,
  alias: row.alias,
  description: row.description,
  providerId: row.provider_id,
  topLevel: toBool(row.top_level),
  builtIn: toBool(row.built_in),
});

const toExecution = (row: Selectable<Database['authentication_executions']>): ExecutionRecord => ({
  id: row.id,
  realmId: row.realm_id,
  flowId: row.flow_id,
  authenticator: row.authenticator,
  childFlowId: row.child_flow_id,
  requirement: row.requirement as Requirement,
  priority: row.priority,
  configId: row.config_id,
});

const toConfig = (row: Selectable<Database['authenticator_configs']>): AuthenticatorConfigRecord => ({
  id: row.id,
  realmId: row.realm_id,
  alias: row.alias,
  config: fromJson(row.config),
});

const flowRow = (f: FlowRecord) => ({
  id: f.id,
  realm_id: f.realmId,
  alias: f.alias,
  description: f.description,
  provider_id: f.providerId,
  top_level: toInt(f.topLevel),
  built_in: toInt(f.builtIn),
});

const executionRow = (e: ExecutionRecord) => ({
  id: e.id,
  realm_id: e.realmId,
  flow_id: e.flowId,
  authenticator: e.authenticator,
  child_flow_id: e.childFlowId,
  requirement: e.requirement,
  priority: e.priority,
  config_id: e.configId,
});

export class SqlFlowStore implements FlowStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createFlow(flow: FlowRecord): Promise<void> {
    await conflictAs(
      () => `Flow ${flow.alias} already exists`,
      () => this.db.insertInto('authentication_flows').values(flowRow(flow)).execute(),
    );
  }

  async findFlowById(realmId: string, id: string): Promise<FlowRecord | undefined> {
    const row = await this.db.selectFrom('authentication_flows').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toFlow(row);
  }

  async findFlowByAlias(realmId: string, alias: string): Promise<FlowRecord | undefined> {
    const row = await this.db.selectFrom('authentication_flows').selectAll().where('realm_id', '=', realmId).where('alias', '=', alias).executeTakeFirst();
    return row && toFlow(row);
  }

  async listFlows(realmId: string): Promise<FlowRecord[]> {
    const rows = await this.db.selectFrom('authentication_flows').selectAll().where('realm_id', '=', realmId).orderBy('alias').execute();
    return rows.map(toFlow);
  }

  async updateFlow(flow: FlowRecord): Promise<void> {
    const { id, realm_id, ...changes } = flowRow(flow);
    await conflictAs(
      () => `Flow ${flow.alias} already exists`,
      () => this.db.updateTable('authentication_flows').set(changes).where('realm_id', '=', realm_id).where('id', '=', id).execute(),
    );
  }

  async deleteFlow(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('authentication_flows').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async createExecution(execution: ExecutionRecord): Promise<void> {
    await this.db.insertInto('authentication_executions').values(executionRow(execution)).execute();
  }

  async findExecution(realmId: string, id: string): Promise<ExecutionRecord | undefined> {
    const row = await this.db.selectFrom('authentication_executions').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toExecution(row);
  }

  async listExecutions(flowId: string): Promise<ExecutionRecord[]> {
    const rows = await this.db.selectFrom('authentication_executions').selectAll().where('flow_id', '=', flowId).orderBy('priority').orderBy('id').execute();
    return rows.map(toExecution);
  }

  async listRealmExecutions(realmId: string): Promise<ExecutionRecord[]> {
    const rows = await this.db.selectFrom('authentication_executions').selectAll().where('realm_id', '=', realmId).orderBy('priority').orderBy('id').execute();
    return rows.map(toExecution);
  }

  async updateExecution(execution: ExecutionRecord): Promise<void> {
    const { id, realm_id, ...changes } = executionRow(execution);
    await this.db.updateTable('authentication_executions').set(changes).where('realm_id', '=', realm_id).where('id', '=', id).execute();
  }

  async deleteExecution(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('authentication_executions').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async createConfig(config: AuthenticatorConfigRecord): Promise<void> {
    await this.db
      .insertInto('authenticator_configs')
      .values({ id: config.id, realm_id: config.realmId, alias: config.alias, config: toJson(config.config) })
      .execute();
  }

  async findConfig(realmId: string, id: string): Promise<AuthenticatorConfigRecord | undefined> {
    const row = await this.db.selectFrom('authenticator_configs').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toConfig(row);
  }

  async listConfigs(realmId: string): Promise<AuthenticatorConfigRecord[]> {
    const rows = await this.db.selectFrom('authenticator_configs').selectAll().where('realm_id', '=', realmId).orderBy('alias').execute();
    return rows.map(toConfig);
  }

  async updateConfig(config: AuthenticatorConfigRecord): Promise<void> {
    await this.db
      .updateTable('authenticator_configs')
      .set({ alias: config.alias, config: toJson(config.config) })
      .where('realm_id', '=', config.realmId)
      .where('id', '=', config.id)
      .execute();
  }

  async deleteConfig(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('authenticator_configs').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }
}
