import { createHash } from 'node:crypto';

/** Keycloak's ProtocolMapperRepresentation as stored in a client's or client scope's data. */
export interface StoredProtocolMapper {
  id?: string;
  name: string;
  protocol: string;
  protocolMapper: string;
  consentRequired?: boolean;
  config: Record<string, string>;
}

/**
 * A stable id for a mapper stored without one (built-in scopes and clients, older imports):
 * derived from its container and name, so the same mapper keeps its id between reads. It is
 * written back with the first change to the container's mappers.
 */
function derivedId(containerId: string, name: string): string {
  const hex = createHash('sha256').update(`${containerId}\u0000${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The mappers of a container's data, each with an id. */
export function mappersOf(containerId: string, data: Record<string, unknown>): (StoredProtocolMapper & { id: string })[] {
  const raw = Array.isArray(data.protocolMappers) ? (data.protocolMappers as StoredProtocolMapper[]) : [];
  return raw
    .filter((m) => m && typeof m === 'object' && typeof m.name === 'string')
    .map((m) => ({ ...m, id: typeof m.id === 'string' && m.id !== '' ? m.id : derivedId(containerId, m.name) }));
}
