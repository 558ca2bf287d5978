/**
 * Protocol mappers as stored data of a client or a client scope: `…/protocol-mappers/models[/{id}]`,
 * `…/protocol-mappers/add-models` and `…/protocol-mappers/protocol/{protocol}`. The routes are
 * made once per kind of container by {@link protocolMapperRoutes}.
 */
import { mappersOf, type StoredProtocolMapper } from '../domain/clients/protocol-mappers.ts';
import { newId } from '../kernel/ids.ts';
import type { Permission } from './auth.ts';
import { checkMapper } from './client-body.ts';
import { arrayBody, objectBody } from './validate.ts';
import { AdminError, noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** A container of mappers: its id and stored data. */
export interface MapperContainer {
  id: string;
  data: Record<string, unknown>;
}

/** How the routes find and save one kind of container. */
export interface MapperContainerKind {
  /** The path of the container, e.g. `/clients/:id`. */
  path: string;
  view: Permission;
  manage: Permission;
  load(call: AdminCall): Promise<MapperContainer>;
  /** Stores the container's new mapper list (and rebuilds what depends on it). */
  save(call: AdminCall, container: MapperContainer, mappers: StoredProtocolMapper[]): Promise<void>;
}

/** A mapper as sent, checked, with Keycloak's defaults. */
function mapperOf(raw: unknown, id: string): StoredProtocolMapper & { id: string } {
  const m = checkMapper(raw, 'protocolMapper') as unknown as StoredProtocolMapper;
  return { id, name: m.name, protocol: m.protocol ?? 'openid-connect', protocolMapper: m.protocolMapper, consentRequired: m.consentRequired === true, config: m.config ?? {} };
}

const duplicate = () => new AdminError(409, { errorMessage: 'Protocol mapper exists with same name' });

/** The protocol-mapper routes of one kind of container. */
export function protocolMapperRoutes(kind: MapperContainerKind): AdminRoute[] {
  const base = `${kind.path}/protocol-mappers`;

  async function list(call: AdminCall): Promise<AdminResponse> {
    const container = await kind.load(call);
    return { status: 200, body: mappersOf(container.id, container.data) };
  }

  async function byProtocol(call: AdminCall): Promise<AdminResponse> {
    const container = await kind.load(call);
    return { status: 200, body: mappersOf(container.id, container.data).filter((m) => m.protocol === call.params.protocol) };
  }

  async function add(call: AdminCall, raws: unknown[]): Promise<string[]> {
    const container = await kind.load(call);
    const mappers = mappersOf(container.id, container.data);
    const added = raws.map((raw) => mapperOf(raw, newId()));
    for (const mapper of added) {
      if ([...mappers].some((m) => m.name === mapper.name && m.protocol === mapper.protocol)) throw duplicate();
      mappers.push(mapper);
    }
    await kind.save(call, container, mappers);
    return added.map((m) => m.id);
  }

  async function create(call: AdminCall): Promise<AdminResponse> {
    const [id] = await add(call, [call.body]);
    return { status: 201, location: `${call.baseUrl}/admin/realms/${encodeURIComponent(call.realm.name)}${base.replace(':id', call.params.id ?? '')}/models/${id}` };
  }

  async function addMany(call: AdminCall): Promise<AdminResponse> {
    await add(call, arrayBody(call.body));
    return noContent;
  }

  async function getOne(call: AdminCall): Promise<AdminResponse> {
    const container = await kind.load(call);
    const mapper = mappersOf(container.id, container.data).find((m) => m.id === call.params.mapperId);
    if (!mapper) throw notFound('Model not found');
    return { status: 200, body: mapper };
  }

  async function update(call: AdminCall): Promise<AdminResponse> {
    const container = await kind.load(call);
    const mappers = mappersOf(container.id, container.data);
    const index = mappers.findIndex((m) => m.id === call.params.mapperId);
    if (index < 0) throw notFound('Model not found');
    const mapper = mapperOf({ ...mappers[index], ...objectBody(call.body) }, mappers[index]!.id);
    if (mappers.some((m, i) => i !== index && m.name === mapper.name && m.protocol === mapper.protocol)) throw duplicate();
    mappers[index] = mapper;
    await kind.save(call, container, mappers);
    return noContent;
  }

  async function remove(call: AdminCall): Promise<AdminResponse> {
    const container = await kind.load(call);
    const mappers = mappersOf(container.id, container.data);
    const kept = mappers.filter((m) => m.id !== call.params.mapperId);
    if (kept.length === mappers.length) throw notFound('Model not found');
    await kind.save(call, container, kept);
    return noContent;
  }

  return [
    { method: 'GET', path: `${base}/models`, permission: kind.view, handler: list },
    { method: 'POST', path: `${base}/models`, permission: kind.manage, handler: create },
    { method: 'POST', path: `${base}/add-models`, permission: kind.manage, handler: addMany },
    { method: 'GET', path: `${base}/models/:mapperId`, permission: kind.view, handler: getOne },
    { method: 'PUT', path: `${base}/models/:mapperId`, permission: kind.manage, handler: update },
    { method: 'DELETE', path: `${base}/models/:mapperId`, permission: kind.manage, handler: remove },
    { method: 'GET', path: `${base}/protocol/:protocol`, permission: kind.view, handler: byProtocol },
  ];
}
