/**
 * A flow's executions: `GET|PUT /authentication/flows/{alias}/executions` (the execution info
 * list, and requirement changes that the next sign-in or sign-up already follows),
 * `POST …/executions/execution` and `…/executions/flow`, `GET|DELETE
 * /authentication/executions/{id}` and `POST …/{id}/raise-priority|lower-priority`.
 */
import { providerDescriptions } from '../flows/steps/registry.ts';
import { builtinSteps } from '../flows/index.ts';
import { newId } from '../kernel/ids.ts';
import type { ExecutionRecord, FlowRecord, RealmRecord, Repositories, Requirement } from '../storage/ports.ts';
import { executionOf, flowByAlias, nextPriority, orderedExecutions, refuseBuiltIn, requirementOf } from './authentication-model.ts';
import { objectBody, optBool, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

const SUB_FLOW_CHOICES: Record<string, Requirement[]> = {
  'basic-flow': ['REQUIRED', 'ALTERNATIVE', 'DISABLED', 'CONDITIONAL'],
  'form-flow': ['REQUIRED', 'DISABLED'],
  'client-flow': ['ALTERNATIVE', 'REQUIRED', 'DISABLED'],
};

/** Keycloak's AuthenticationExecutionInfoRepresentation list of a flow, sub-flows inlined after their execution. */
async function executionInfos(repos: Repositories, realm: RealmRecord, flow: FlowRecord): Promise<Record<string, unknown>[]> {
  const [flows, configs] = await Promise.all([repos.flows.listFlows(realm.id), repos.flows.listConfigs(realm.id)]);
  const flowById = new Map(flows.map((f) => [f.id, f]));
  const configById = new Map(configs.map((c) => [c.id, c]));
  const result: Record<string, unknown>[] = [];
  const visit = async (current: FlowRecord, level: number, path: ReadonlySet<string>): Promise<void> => {
    let index = 0;
    for (const e of await orderedExecutions(repos, current.id)) {
      const base = { id: e.id, requirement: e.requirement, level, index: index++, priority: e.priority };
      const child = e.childFlowId ? flowById.get(e.childFlowId) : undefined;
      if (child) {
        const info: Record<string, unknown> = { ...base, displayName: child.alias, description: child.description ?? '', requirementChoices: SUB_FLOW_CHOICES[child.providerId] ?? [], configurable: false, authenticationFlow: true, flowId: child.id };
        if (child.providerId === 'form-flow') {
          if (e.authenticator) info.providerId = e.authenticator;
          if (e.configId) info.authenticationConfig = e.configId;
        }
        result.push(info);
        if (!path.has(child.id)) await visit(child, level + 1, new Set(path).add(child.id));
        continue;
      }
      const described = e.authenticator ? providerDescriptions.get(e.authenticator) : undefined;
      const config = e.configId ? configById.get(e.configId) : undefined;
      const configurable = (described?.properties.length ?? 0) > 0;
      result.push({
        ...base,
        displayName: described?.displayName ?? e.authenticator ?? '',
        ...(described ? { description: described.description } : {}),
        requirementChoices: described?.requirementChoices ?? ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
        configurable,
        authenticationFlow: false,
        ...(e.authenticator ? { providerId: e.authenticator } : {}),
        ...(config ? { alias: config.alias, authenticationConfig: config.id } : e.configId ? { authenticationConfig: e.configId } : {}),
      });
    }
  };
  await visit(flow, 0, new Set([flow.id]));
  return result;
}

async function getExecutions(call: AdminCall): Promise<AdminResponse> {
  const flow = await call.deps.store.flows.findFlowByAlias(call.realm.id, call.params.id ?? '');
  if (!flow) return { status: 404 };
  return { status: 200, body: await executionInfos(call.deps.store, call.realm, flow) };
}

async function putExecution(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  await flowByAlias(store, call.realm, call.params.id, 'flow not found');
  const body = objectBody(call.body);
  const execution = await executionOf(store, call.realm, optString(body, 'id') ?? undefined);
  const requirement = body.requirement === undefined ? execution.requirement : requirementOf(body.requirement);
  if (requirement !== execution.requirement) {
    await store.flows.updateExecution({ ...execution, requirement });
    return { status: 202 };
  }
  // Executions keep their name; a sub-flow's alias and description change through its info.
  if (optBool(body, 'authenticationFlow') !== true || !execution.childFlowId) return { status: 202 };
  const child = await store.flows.findFlowById(call.realm.id, optString(body, 'flowId') ?? execution.childFlowId);
  if (!child) throw notFound('Illegal execution');
  const alias = optString(body, 'displayName') ?? child.alias;
  if (alias !== child.alias && (await store.flows.findFlowByAlias(call.realm.id, alias))) throw new AdminError(409, { errorMessage: 'Flow alias name already exists' });
  const description = optString(body, 'description');
  await store.flows.updateFlow({ ...child, alias, description: description === undefined ? child.description : description });
  return { status: 202 };
}

/** Whether a provider can run in a flow of this type (Keycloak's factory lookup by flow type). */
function providerFits(flow: FlowRecord, provider: string): boolean {
  const described = providerDescriptions.get(provider);
  if (flow.providerId === 'client-flow') return described?.kind === 'client-authenticator';
  const step = builtinSteps.get(provider);
  if (!step) return false;
  return flow.providerId === 'form-flow' ? step.kind === 'form-action' : step.kind === 'authenticator' || step.kind === 'condition';
}

async function addExecution(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const parent = await store.flows.findFlowByAlias(call.realm.id, call.params.id ?? '');
  if (!parent) throw new AdminError(400, { error: "Parent flow doesn't exist" });
  refuseBuiltIn(parent, 'It is illegal to add execution to a built in flow');
  const provider = optString(objectBody(call.body), 'provider');
  if (!provider || !providerFits(parent, provider)) throw new AdminError(400, { error: `No authentication provider found for id: ${provider ?? ''}` });
  const choices = providerDescriptions.get(provider)?.requirementChoices ?? [];
  const execution: ExecutionRecord = {
    id: newId(),
    realmId: call.realm.id,
    flowId: parent.id,
    authenticator: provider,
    childFlowId: null,
    requirement: choices.length === 1 ? choices[0]! : 'DISABLED',
    priority: await nextPriority(store, parent.id),
    configId: null,
  };
  await store.flows.createExecution(execution);
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/authentication/executions/${execution.id}` };
}

async function addSubFlow(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const parent = await store.flows.findFlowByAlias(call.realm.id, call.params.id ?? '');
  if (!parent) throw new AdminError(400, { errorMessage: "Parent flow doesn't exist" });
  refuseBuiltIn(parent, 'It is illegal to add sub-flow to a built in flow');
  const body = objectBody(call.body);
  const alias = optString(body, 'alias');
  const type = optString(body, 'type') ?? 'basic-flow';
  const provider = optString(body, 'provider');
  if (!alias) throw badRequest('Missing alias', 'alias');
  if (type !== 'basic-flow' && type !== 'form-flow') throw badRequest(`Invalid flow type: ${type}`, 'type');
  if (await store.flows.findFlowByAlias(call.realm.id, alias)) throw new AdminError(409, { errorMessage: 'New flow alias name already exists' });
  const flow: FlowRecord = { id: newId(), realmId: call.realm.id, alias, description: optString(body, 'description') ?? '', providerId: type, topLevel: false, builtIn: false };
  const priority = await nextPriority(store, parent.id);
  await store.transaction(async (tx) => {
    await tx.flows.createFlow(flow);
    await tx.flows.createExecution({ id: newId(), realmId: call.realm.id, flowId: parent.id, authenticator: type === 'form-flow' ? (provider ?? 'registration-page-form') : null, childFlowId: flow.id, requirement: 'DISABLED', priority, configId: null });
  });
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/authentication/flows/${flow.id}` };
}

/** Keycloak's `POST /authentication/executions`: an AuthenticationExecutionRepresentation naming its parent flow by id. */
async function postExecution(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const body = objectBody(call.body);
  const parentId = optString(body, 'parentFlow');
  if (!parentId) throw new AdminError(400, { error: 'parent flow not set on new execution' });
  const parent = await store.flows.findFlowById(call.realm.id, parentId);
  if (!parent) throw new AdminError(400, { error: 'execution parent flow does not exist' });
  refuseBuiltIn(parent, 'It is illegal to add execution to a built in flow');
  const isFlow = optBool(body, 'authenticatorFlow') === true;
  const authenticator = optString(body, 'authenticator') ?? null;
  let childFlowId: string | null = null;
  if (isFlow) {
    const child = await store.flows.findFlowById(call.realm.id, optString(body, 'flowId') ?? '');
    if (!child || child.id === parent.id) throw new AdminError(400, { error: 'execution flow does not exist' });
    childFlowId = child.id;
  } else if (!authenticator || !providerFits(parent, authenticator)) {
    throw new AdminError(400, { error: `No authentication provider found for id: ${authenticator ?? ''}` });
  }
  const execution: ExecutionRecord = {
    id: newId(),
    realmId: call.realm.id,
    flowId: parent.id,
    authenticator,
    childFlowId,
    requirement: body.requirement === undefined || body.requirement === null ? 'DISABLED' : requirementOf(body.requirement),
    priority: await nextPriority(store, parent.id),
    configId: null,
  };
  await store.flows.createExecution(execution);
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/authentication/executions/${execution.id}` };
}

async function getExecution(call: AdminCall): Promise<AdminResponse> {
  const e = await executionOf(call.deps.store, call.realm, call.params.id);
  return {
    status: 200,
    body: {
      id: e.id,
      ...(e.authenticator ? { authenticator: e.authenticator } : {}),
      ...(e.configId ? { authenticatorConfig: e.configId } : {}),
      authenticatorFlow: e.childFlowId !== null,
      ...(e.childFlowId ? { flowId: e.childFlowId } : {}),
      requirement: e.requirement,
      priority: e.priority,
      parentFlow: e.flowId,
    },
  };
}

/** The execution and its flow, refusing built-in flows with Keycloak's text. */
async function changeableExecution(call: AdminCall, message: string): Promise<{ execution: ExecutionRecord; siblings: ExecutionRecord[] }> {
  const { store } = call.deps;
  const execution = await executionOf(store, call.realm, call.params.id);
  const parent = await store.flows.findFlowById(call.realm.id, execution.flowId);
  if (!parent) throw new AdminError(400, { error: 'execution parent flow does not exist' });
  refuseBuiltIn(parent, message);
  return { execution, siblings: await orderedExecutions(store, parent.id) };
}

/** Swaps the priorities of an execution and its neighbour `step` places away (nothing at either end). */
async function move(call: AdminCall, step: -1 | 1): Promise<AdminResponse> {
  const { execution, siblings } = await changeableExecution(call, 'It is illegal to modify execution in a built in flow');
  const at = siblings.findIndex((e) => e.id === execution.id);
  const other = siblings[at + step];
  if (!other) return noContent;
  // Equal priorities (hand-made imports) would not move; renumber so the swap always shows.
  const first = other.priority === execution.priority ? siblings.map((e, i) => ({ ...e, priority: i })) : siblings;
  const mine = first[at]!;
  const theirs = first[at + step]!;
  await call.deps.store.transaction(async (tx) => {
    for (const e of first) if (e.id !== mine.id && e.id !== theirs.id && e.priority !== siblings.find((s) => s.id === e.id)!.priority) await tx.flows.updateExecution(e);
    await tx.flows.updateExecution({ ...mine, priority: theirs.priority });
    await tx.flows.updateExecution({ ...theirs, priority: mine.priority });
  });
  return noContent;
}

async function deleteExecution(call: AdminCall): Promise<AdminResponse> {
  const { execution } = await changeableExecution(call, 'It is illegal to remove execution from a built in flow');
  const { store } = call.deps;
  await store.transaction(async (tx) => {
    await tx.flows.deleteExecution(call.realm.id, execution.id);
    if (execution.configId) await tx.flows.deleteConfig(call.realm.id, execution.configId);
    if (execution.childFlowId) await deleteFlowTree(tx, call.realm, execution.childFlowId);
  });
  return noContent;
}

/** A removed sub-flow goes with its own sub-flows and configs, as Keycloak's deep delete does. */
async function deleteFlowTree(tx: Repositories, realm: RealmRecord, flowId: string): Promise<void> {
  for (const e of await tx.flows.listExecutions(flowId)) {
    if (e.configId) await tx.flows.deleteConfig(realm.id, e.configId);
    if (e.childFlowId && e.childFlowId !== flowId) await deleteFlowTree(tx, realm, e.childFlowId);
  }
  await tx.flows.deleteFlow(realm.id, flowId);
}

/** The execution routes; `:id` of a flow path is the flow's alias, as in Keycloak. */
export const authenticationExecutionRoutes: AdminRoute[] = [
  { method: 'GET', path: '/authentication/flows/:id/executions', permission: 'view-realm', handler: getExecutions },
  { method: 'PUT', path: '/authentication/flows/:id/executions', permission: 'manage-realm', handler: putExecution },
  { method: 'POST', path: '/authentication/flows/:id/executions/execution', permission: 'manage-realm', handler: addExecution },
  { method: 'POST', path: '/authentication/flows/:id/executions/flow', permission: 'manage-realm', handler: addSubFlow },
  { method: 'POST', path: '/authentication/executions', permission: 'manage-realm', handler: postExecution },
  { method: 'GET', path: '/authentication/executions/:id', permission: 'manage-realm', handler: getExecution },
  { method: 'DELETE', path: '/authentication/executions/:id', permission: 'manage-realm', handler: deleteExecution },
  { method: 'POST', path: '/authentication/executions/:id/raise-priority', permission: 'manage-realm', handler: (call) => move(call, -1) },
  { method: 'POST', path: '/authentication/executions/:id/lower-priority', permission: 'manage-realm', handler: (call) => move(call, 1) },
];
