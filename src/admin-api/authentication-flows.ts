/**
 * Authentication flows: `GET|POST /authentication/flows`, `GET|PUT|DELETE
 * /authentication/flows/{id}` (by id) and `POST /authentication/flows/{alias}/copy` (a deep
 * copy: sub-flows and authenticator configs are copied under `<newName> <alias>`).
 */
import { newId } from '../kernel/ids.ts';
import type { ExecutionRecord, FlowRecord, RealmRecord, Repositories } from '../storage/ports.ts';
import { flowByAlias, flowById, flowRepresentation, orderedExecutions } from './authentication-model.ts';
import { objectBody, optString } from './validate.ts';
import { AdminError, badRequest, noContent, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { realmChanged } from './realm-changed.ts';

const exists = (message: string) => new AdminError(409, { errorMessage: message });
const FLOW_TYPES = new Set(['basic-flow', 'form-flow', 'client-flow']);
/** The realm settings that bind a flow by alias. */
const BINDINGS = ['browserFlow', 'registrationFlow', 'directGrantFlow', 'resetCredentialsFlow', 'clientAuthenticationFlow', 'dockerAuthenticationFlow', 'firstBrokerLoginFlow'];

/** Keycloak's reserved characters in an alias (they would break paths and exports). */
function checkAlias(alias: string): void {
  if (/[<>&"$/]/.test(alias)) throw badRequest(`Character '${/[<>&"$/]/.exec(alias)![0]}' not allowed.`, 'alias');
}

async function listFlows(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const body = [];
  for (const flow of await store.flows.listFlows(call.realm.id)) {
    // Keycloak hides `saml ecp` from this list.
    if (flow.topLevel && flow.alias !== 'saml ecp') body.push(await flowRepresentation(store, call.realm, flow));
  }
  return { status: 200, body };
}

async function postFlow(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const body = objectBody(call.body);
  const alias = optString(body, 'alias');
  if (!alias) throw exists('Failed to create flow with empty alias name');
  if (await store.flows.findFlowByAlias(call.realm.id, alias)) throw exists(`Flow ${alias} already exists`);
  checkAlias(alias);
  const providerId = optString(body, 'providerId') ?? 'basic-flow';
  if (!FLOW_TYPES.has(providerId)) throw badRequest(`Invalid flow type: ${providerId}`, 'providerId');
  const topLevel = body.topLevel === undefined ? true : body.topLevel === true;
  const flow: FlowRecord = { id: newId(), realmId: call.realm.id, alias, description: optString(body, 'description') ?? '', providerId, topLevel, builtIn: false };
  await store.flows.createFlow(flow);
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/authentication/flows/${flow.id}` };
}

async function getFlow(call: AdminCall): Promise<AdminResponse> {
  const flow = await flowById(call.deps.store, call.realm, call.params.id);
  return { status: 200, body: await flowRepresentation(call.deps.store, call.realm, flow) };
}

async function putFlow(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const flow = await flowById(store, call.realm, call.params.id);
  const body = objectBody(call.body);
  const alias = optString(body, 'alias');
  if (!alias) throw exists('Failed to update flow with empty alias name');
  checkAlias(alias);
  if (alias !== flow.alias && (await store.flows.findFlowByAlias(call.realm.id, alias))) throw exists('Flow alias name already exists');
  const description = optString(body, 'description');
  const updated = { ...flow, alias, description: description === undefined ? flow.description : description };
  await store.transaction(async (tx) => {
    await tx.flows.updateFlow(updated);
    if (alias !== flow.alias) await rebind(tx, call.realm, flow.alias, alias);
  });
  await realmChanged(call.deps, call.realm);
  return { status: 202, body: await flowRepresentation(store, call.realm, updated) };
}

/** A renamed flow stays bound where it was: the realm's bindings name flows by alias. */
async function rebind(tx: Repositories, realm: RealmRecord, from: string, to: string): Promise<void> {
  const fresh = await tx.realms.findById(realm.id);
  if (!fresh) return;
  const changed = BINDINGS.filter((key) => fresh.settings[key] === from);
  if (changed.length === 0) return;
  await tx.realms.update({ ...fresh, settings: { ...fresh.settings, ...Object.fromEntries(changed.map((key) => [key, to])) } });
}

/** The flow and every sub-flow below it, the flow first. */
async function subtree(repos: Repositories, realm: RealmRecord, flow: FlowRecord): Promise<{ flows: FlowRecord[]; executions: ExecutionRecord[] }> {
  const flows: FlowRecord[] = [];
  const executions: ExecutionRecord[] = [];
  const seen = new Set<string>();
  const visit = async (f: FlowRecord): Promise<void> => {
    if (seen.has(f.id)) return;
    seen.add(f.id);
    flows.push(f);
    for (const e of await orderedExecutions(repos, f.id)) {
      executions.push(e);
      const child = e.childFlowId ? await repos.flows.findFlowById(realm.id, e.childFlowId) : undefined;
      if (child) await visit(child);
    }
  };
  await visit(flow);
  return { flows, executions };
}

/** Keycloak's isFlowUsed: bound by the realm, or by a client's flow overrides (ids). */
async function isFlowUsed(repos: Repositories, realm: RealmRecord, flow: FlowRecord): Promise<boolean> {
  if (BINDINGS.some((key) => realm.settings[key] === flow.alias)) return true;
  for (const client of await repos.clients.list(realm.id)) {
    const overrides = client.data.authenticationFlowBindingOverrides;
    if (overrides && typeof overrides === 'object' && Object.values(overrides).includes(flow.id)) return true;
  }
  return false;
}

async function deleteFlow(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const flow = await flowById(store, call.realm, call.params.id, 'Flow not found');
  if (flow.builtIn) throw new AdminError(400, { error: "Can't delete built in flow" });
  if (await isFlowUsed(store, call.realm, flow)) throw new AdminError(400, { error: 'Cannot remove authentication flow, it is currently in use' });
  await store.transaction(async (tx) => {
    const { flows, executions } = await subtree(tx, call.realm, flow);
    for (const e of executions) if (e.configId) await tx.flows.deleteConfig(call.realm.id, e.configId);
    for (const f of flows.reverse()) await tx.flows.deleteFlow(call.realm.id, f.id);
  });
  return noContent;
}

async function copyFlow(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const newName = optString(objectBody(call.body), 'newName');
  if (!newName) throw badRequest('Missing newName', 'newName');
  checkAlias(newName);
  if (await store.flows.findFlowByAlias(call.realm.id, newName)) throw exists('New flow alias name already exists');
  const source = await flowByAlias(store, call.realm, call.params.id);
  const copyId = await store.transaction(async (tx) => {
    const copyOf = async (from: FlowRecord, alias: string, seen: Set<string>): Promise<string> => {
      const id = newId();
      await tx.flows.createFlow({ ...from, id, alias, builtIn: false });
      for (const e of await orderedExecutions(tx, from.id)) {
        let childFlowId: string | null = null;
        if (e.childFlowId && !seen.has(e.childFlowId)) {
          const child = await tx.flows.findFlowById(call.realm.id, e.childFlowId);
          if (child) childFlowId = await copyOf({ ...child, topLevel: false }, `${newName} ${child.alias}`, new Set(seen).add(child.id));
        }
        let configId: string | null = null;
        const config = e.configId ? await tx.flows.findConfig(call.realm.id, e.configId) : undefined;
        if (config) {
          configId = newId();
          await tx.flows.createConfig({ ...config, id: configId, alias: `${newName} ${config.alias}` });
        }
        await tx.flows.createExecution({ ...e, id: newId(), flowId: id, childFlowId, configId });
      }
      return id;
    };
    return copyOf(source, newName, new Set([source.id]));
  });
  void copyId;
  return { status: 201 };
}

/** The flow routes. */
export const authenticationFlowRoutes: AdminRoute[] = [
  { method: 'GET', path: '/authentication/flows', permission: 'view-realm', handler: listFlows },
  { method: 'POST', path: '/authentication/flows', permission: 'manage-realm', handler: postFlow },
  { method: 'GET', path: '/authentication/flows/:id', permission: 'view-realm', handler: getFlow },
  { method: 'PUT', path: '/authentication/flows/:id', permission: 'manage-realm', handler: putFlow },
  { method: 'DELETE', path: '/authentication/flows/:id', permission: 'manage-realm', handler: deleteFlow },
  { method: 'POST', path: '/authentication/flows/:id/copy', permission: 'manage-realm', handler: copyFlow },
];
