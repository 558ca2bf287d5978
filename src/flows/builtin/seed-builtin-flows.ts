import { GatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { MASTER_REALM } from '../../domain/realms/model.ts';
import type { AuthenticatorConfigRecord, ExecutionRecord, FlowRecord, Repositories, RequiredActionRecord } from '../../storage/ports.ts';
import type { FlowDefinition } from '../engine/define-flow.ts';
import { browserFlow } from './browser.ts';
import { clientsFlow } from './clients.ts';
import { directGrantFlow } from './direct-grant.ts';
import { dockerAuthFlow } from './docker-auth.ts';
import { firstBrokerLoginFlow } from './first-broker-login.ts';
import { registrationFlow } from './registration.ts';
import { defaultRequiredActions } from './required-actions.ts';
import { resetCredentialsFlow } from './reset-credentials.ts';
import { samlEcpFlow } from './saml-ecp.ts';

/** Keycloak 26.6's top-level built-in flows, in the order Keycloak creates them. */
export function builtinFlows(realmName: string): FlowDefinition[] {
  // Keycloak adds the Organization sub-flows to every realm but master.
  const withOrganization = realmName !== MASTER_REALM;
  return [
    browserFlow(withOrganization),
    directGrantFlow(),
    registrationFlow(),
    resetCredentialsFlow(),
    clientsFlow(),
    firstBrokerLoginFlow(withOrganization),
    samlEcpFlow(),
    dockerAuthFlow(),
  ];
}

/** The rows a set of flow definitions becomes, parents before children; ids are made here, so nothing is read back. */
export function flowRows(realmId: string, definitions: FlowDefinition[]): { flows: FlowRecord[]; executions: ExecutionRecord[]; configs: AuthenticatorConfigRecord[] } {
  const flows: FlowRecord[] = [];
  const executions: ExecutionRecord[] = [];
  const configs: AuthenticatorConfigRecord[] = [];
  const visit = (definition: FlowDefinition, topLevel: boolean): string => {
    const id = newId();
    flows.push({ id, realmId, alias: definition.alias, description: definition.description, providerId: definition.providerId, topLevel, builtIn: true });
    for (const e of definition.executions) {
      let configId: string | null = null;
      if (e.config) {
        configId = newId();
        configs.push({ id: configId, realmId, alias: e.config.alias, config: { ...e.config.config } });
      }
      const childFlowId = e.flow ? visit(e.flow, false) : null;
      executions.push({ id: newId(), realmId, flowId: id, authenticator: e.authenticator, childFlowId, requirement: e.requirement, priority: e.priority, configId });
    }
    return id;
  };
  for (const definition of definitions) visit(definition, true);
  return { flows, executions, configs };
}

/**
 * Writes Keycloak 26.6's built-in flows, their executions and authenticator configs, and the
 * default required actions into a new realm, in the caller's transaction. Every id is made
 * up front, so this only inserts: one statement per row, in foreign-key order.
 */
export async function seedBuiltinFlows(tx: Repositories, realmId: string): Promise<void> {
  const realm = await tx.realms.findById(realmId);
  if (!realm) throw new GatehouseError('GH_NOT_FOUND', [`Realm ${realmId}`]);
  const { flows, executions, configs } = flowRows(realmId, builtinFlows(realm.name));
  for (const flow of flows) await tx.flows.createFlow(flow);
  for (const config of configs) await tx.flows.createConfig(config);
  for (const execution of executions) await tx.flows.createExecution(execution);
  for (const action of defaultRequiredActions) await tx.requiredActions.create(requiredActionRow(realmId, action.alias, action.name, action.enabled, action.priority));
}

function requiredActionRow(realmId: string, alias: string, name: string, enabled: boolean, priority: number): RequiredActionRecord {
  return { id: newId(), realmId, alias, name, providerId: alias, enabled, defaultAction: false, priority, config: {} };
}
