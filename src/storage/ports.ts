/**
 * Storage ports: what the domain asks of a store, and the records it gets back. One SQL
 * implementation (storage/sql) serves SQLite and PostgreSQL; the conformance suite
 * (storage/conformance) is the contract every implementation passes.
 *
 * Every lookup is keyed by realm, so that a realm-sharded deployment stays possible.
 * Booleans are booleans and times are epoch milliseconds here, whatever the dialect stores.
 */

/** Multi-valued attributes, as Keycloak represents them. */
export type Attributes = Record<string, string[]>;

export interface RealmRecord {
  id: string;
  name: string;
  enabled: boolean;
  /** Every RealmRepresentation setting other than id, realm and enabled, as JSON data. */
  settings: Record<string, unknown>;
  createdAt: number;
  /** Raised by every change to what the realm's OIDC engine is built from (see RealmStore.touch). */
  revision?: number;
}

export interface UserRecord {
  id: string;
  realmId: string;
  /** Stored lower-cased, as Keycloak does: usernames are case-insensitive. */
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  enabled: boolean;
  createdTimestamp: number;
  /** Set for a client's service-account user: the client's internal id. */
  serviceAccountClientLink: string | null;
  notBefore: number;
}

export interface NewUser extends Omit<UserRecord, 'createdTimestamp' | 'notBefore'> {
  createdTimestamp?: number;
  /** Whether the realm forbids two users with one email (not `duplicateEmailsAllowed`). */
  emailUnique: boolean;
}

/** A new user with everything an import gives it, for {@link UserStore.createMany}. */
export interface BulkUser {
  user: NewUser;
  notBefore: number;
  attributes: Attributes;
  requiredActions: string[];
  credentials: Omit<CredentialRecord, 'userId'>[];
  /** Realm and client roles granted directly. */
  roleIds: string[];
  groupIds: string[];
  /** Representation fields kept unread (see RepresentationExtrasStore), under owner type 'user'. */
  extras: Record<string, unknown>;
}

export interface UserSearch {
  /** Prefix match on username, email, first and last name; `*x*` infix, `"x"` exact. */
  search?: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  exact?: boolean;
  enabled?: boolean;
  emailVerified?: boolean;
  /** Attribute filters, all of which must match exactly. */
  attributes?: Record<string, string>;
  /** Include service-account users (Keycloak hides them from searches). */
  includeServiceAccounts?: boolean;
  first?: number;
  max?: number;
}

export interface CredentialRecord {
  id: string;
  userId: string;
  type: string;
  userLabel: string | null;
  /** JSON string, as in Keycloak's export; never returned by the Admin API. */
  secretData: string;
  /** JSON string, as in Keycloak's export. */
  credentialData: string;
  createdDate: number;
  priority: number;
}

export interface RoleRecord {
  id: string;
  realmId: string;
  name: string;
  description: string | null;
  /** The client's internal id for a client role, null for a realm role. */
  clientId: string | null;
  attributes: Attributes;
}

export interface GroupRecord {
  id: string;
  realmId: string;
  /** Null for a top-level group. */
  parentId: string | null;
  name: string;
  description: string | null;
  attributes: Attributes;
}

export interface ClientRecord {
  /** Internal id (Keycloak's `id`). */
  id: string;
  realmId: string;
  /** The OAuth client_id (Keycloak's `clientId`). */
  clientId: string;
  /** Every other ClientRepresentation field, as JSON data. */
  data: Record<string, unknown>;
}

export interface ClientScopeRecord {
  id: string;
  realmId: string;
  name: string;
  /** Every other ClientScopeRepresentation field (protocol, attributes, protocolMappers…). */
  data: Record<string, unknown>;
}

export interface KeyRecord {
  id: string;
  realmId: string;
  kid: string;
  /** Keycloak's key provider id: `rsa-generated`, `hmac-generated-hs512`, … */
  providerId: string;
  algorithm: string;
  use: 'sig' | 'enc';
  priority: number;
  enabled: boolean;
  active: boolean;
  publicJwk: Record<string, unknown> | null;
  /** The private or secret key as a JWK; never leaves the server. */
  privateJwk: Record<string, unknown>;
  certificate: string | null;
  createdAt: number;
}

export interface ComponentRecord {
  id: string;
  realmId: string;
  parentId: string;
  name: string;
  providerId: string;
  providerType: string;
  subType: string | null;
  config: Attributes;
}

export interface RealmStore {
  create(realm: RealmRecord): Promise<void>;
  findById(id: string): Promise<RealmRecord | undefined>;
  findByName(name: string): Promise<RealmRecord | undefined>;
  list(): Promise<RealmRecord[]>;
  update(realm: RealmRecord): Promise<void>;
  /** Removes the realm and everything in it. */
  delete(id: string): Promise<void>;
  /** Raises the realm's revision: every node's cached engine of the realm is then stale. */
  touch(id: string): Promise<void>;
}

export interface UserStore {
  /** Throws `GH_CONFLICT` with param `username` or `email` when one is taken. */
  create(user: NewUser): Promise<UserRecord>;
  findById(realmId: string, id: string): Promise<UserRecord | undefined>;
  findByUsername(realmId: string, username: string): Promise<UserRecord | undefined>;
  /** Every user with this email (several only where the realm allows duplicates). */
  findByEmail(realmId: string, email: string): Promise<UserRecord[]>;
  findByServiceAccountClient(realmId: string, clientId: string): Promise<UserRecord | undefined>;
  search(realmId: string, query: UserSearch): Promise<UserRecord[]>;
  count(realmId: string, query: UserSearch): Promise<number>;
  /** Throws `GH_CONFLICT` like create. */
  update(user: UserRecord, options: { emailUnique: boolean }): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
  getAttributes(userId: string): Promise<Attributes>;
  /** Replaces all of a user's attributes. */
  setAttributes(realmId: string, userId: string, attributes: Attributes): Promise<void>;
  getRequiredActions(userId: string): Promise<string[]>;
  addRequiredAction(userId: string, action: string): Promise<void>;
  removeRequiredAction(userId: string, action: string): Promise<void>;
  /**
   * Inserts many new users of one realm with their attributes, required actions,
   * credentials, role mappings, group memberships and kept fields, a few statements per
   * table (a realm import of thousands of users). Run it in a transaction: a taken username
   * or email throws `GH_CONFLICT` like create, and the caller's transaction undoes the rest.
   */
  createMany(realmId: string, users: BulkUser[]): Promise<void>;
}

export interface CredentialStore {
  create(realmId: string, credential: CredentialRecord): Promise<void>;
  listForUser(userId: string): Promise<CredentialRecord[]>;
  update(credential: CredentialRecord): Promise<void>;
  delete(userId: string, id: string): Promise<void>;
}

export interface RoleStore {
  /** Throws `GH_CONFLICT` when the container already has a role of that name. */
  create(role: RoleRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<RoleRecord | undefined>;
  findRealmRole(realmId: string, name: string): Promise<RoleRecord | undefined>;
  findClientRole(realmId: string, clientId: string, name: string): Promise<RoleRecord | undefined>;
  listRealmRoles(realmId: string): Promise<RoleRecord[]>;
  listClientRoles(realmId: string, clientId: string): Promise<RoleRecord[]>;
  update(role: RoleRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
  addComposites(parentId: string, childIds: string[]): Promise<void>;
  removeComposites(parentId: string, childIds: string[]): Promise<void>;
  /** Direct children of a composite role. */
  listComposites(parentId: string): Promise<RoleRecord[]>;
  grantToUser(userId: string, roleIds: string[]): Promise<void>;
  revokeFromUser(userId: string, roleIds: string[]): Promise<void>;
  listUserRoles(userId: string): Promise<RoleRecord[]>;
  /**
   * Every role the user holds: direct mappings, the mappings of their groups and of those
   * groups' ancestors, expanded through composites; each role once, by name.
   */
  listEffectiveUserRoles(userId: string): Promise<RoleRecord[]>;
  listUsersInRole(realmId: string, roleId: string, first?: number, max?: number): Promise<UserRecord[]>;
  grantToGroup(groupId: string, roleIds: string[]): Promise<void>;
  revokeFromGroup(groupId: string, roleIds: string[]): Promise<void>;
  listGroupRoles(groupId: string): Promise<RoleRecord[]>;
  /** The groups the role is mapped to directly (ids). */
  listGroupIdsInRole(roleId: string): Promise<string[]>;
}

export interface GroupStore {
  /** Throws `GH_CONFLICT` when a sibling has the same name. */
  create(group: GroupRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<GroupRecord | undefined>;
  /** Top-level groups when parentId is null. */
  listChildren(realmId: string, parentId: string | null): Promise<GroupRecord[]>;
  listAll(realmId: string): Promise<GroupRecord[]>;
  update(group: GroupRecord): Promise<void>;
  /** Removes the group and its whole subtree. */
  delete(realmId: string, id: string): Promise<void>;
  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;
  listMembers(groupId: string, first?: number, max?: number): Promise<UserRecord[]>;
  listUserGroups(userId: string): Promise<GroupRecord[]>;
  listDefaultGroups(realmId: string): Promise<GroupRecord[]>;
  addDefaultGroup(realmId: string, groupId: string): Promise<void>;
  removeDefaultGroup(realmId: string, groupId: string): Promise<void>;
}

export interface ClientStore {
  /** Throws `GH_CONFLICT` when the realm already has that clientId. */
  create(client: ClientRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<ClientRecord | undefined>;
  findByClientId(realmId: string, clientId: string): Promise<ClientRecord | undefined>;
  list(realmId: string): Promise<ClientRecord[]>;
  update(client: ClientRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
  /** Links client scopes to a client as default (true) or optional (false) scopes. */
  linkScopes(clientId: string, scopeIds: string[], defaultScope: boolean): Promise<void>;
  unlinkScope(clientId: string, scopeId: string): Promise<void>;
  listScopeLinks(clientId: string): Promise<{ scopeId: string; defaultScope: boolean }[]>;
  /** Keycloak's scope mappings: roles the client lets into its tokens when it has no full scope. */
  addScopeMappings(clientId: string, roleIds: string[]): Promise<void>;
  removeScopeMappings(clientId: string, roleIds: string[]): Promise<void>;
  listScopeMappings(clientId: string): Promise<RoleRecord[]>;
}

export interface ClientScopeStore {
  create(scope: ClientScopeRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<ClientScopeRecord | undefined>;
  findByName(realmId: string, name: string): Promise<ClientScopeRecord | undefined>;
  list(realmId: string): Promise<ClientScopeRecord[]>;
  update(scope: ClientScopeRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
  /** The realm's default (true) and optional (false) scopes for new clients. */
  setRealmDefault(realmId: string, scopeId: string, defaultScope: boolean): Promise<void>;
  removeRealmDefault(realmId: string, scopeId: string): Promise<void>;
  listRealmDefaults(realmId: string): Promise<{ scopeId: string; defaultScope: boolean }[]>;
  /** The roles a client scope lets into the tokens of the clients it applies to (scope mappings). */
  addScopeMappings(scopeId: string, roleIds: string[]): Promise<void>;
  removeScopeMappings(scopeId: string, roleIds: string[]): Promise<void>;
  listScopeMappings(scopeId: string): Promise<RoleRecord[]>;
}

export interface KeyStore {
  create(key: KeyRecord): Promise<void>;
  listForRealm(realmId: string): Promise<KeyRecord[]>;
  update(key: KeyRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
}

export interface ComponentStore {
  create(component: ComponentRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<ComponentRecord | undefined>;
  list(realmId: string, filter?: { parentId?: string; providerType?: string; name?: string }): Promise<ComponentRecord[]>;
  update(component: ComponentRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
}

export type Requirement = 'REQUIRED' | 'ALTERNATIVE' | 'CONDITIONAL' | 'DISABLED';

export interface FlowRecord {
  id: string;
  realmId: string;
  alias: string;
  description: string | null;
  /** `basic-flow`, `form-flow` (its executions are form actions) or `client-flow`. */
  providerId: string;
  topLevel: boolean;
  builtIn: boolean;
}

export interface ExecutionRecord {
  id: string;
  realmId: string;
  flowId: string;
  /** The step's provider id; null when the execution is a sub-flow. */
  authenticator: string | null;
  /** The sub-flow this execution runs, when it is one. */
  childFlowId: string | null;
  requirement: Requirement;
  priority: number;
  configId: string | null;
}

export interface AuthenticatorConfigRecord {
  id: string;
  realmId: string;
  alias: string;
  config: Record<string, string>;
}

export interface RequiredActionRecord {
  id: string;
  realmId: string;
  alias: string;
  name: string;
  providerId: string;
  enabled: boolean;
  /** Assigned to every new user. */
  defaultAction: boolean;
  priority: number;
  config: Record<string, string>;
}

/** A running sign-in or sign-up journey, persisted so a reload, a second tab or another node resumes it. */
export interface JourneyRecord {
  id: string;
  realmId: string;
  state: Record<string, unknown>;
  /** Incremented on every save; a save with a stale version fails (two tabs submitting at once). */
  version: number;
  expiresAt: number;
}

/** One artefact of the OpenID Connect engine (session, code, token, grant, interaction…). */
export interface OidcPayloadRecord {
  realmId: string;
  model: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  accountId: string | null;
  expiresAt: number | null;
  consumedAt: number | null;
}

/** Keycloak's EventRepresentation, as stored. */
export interface EventRecord {
  id: string;
  realmId: string;
  time: number;
  type: string;
  clientId: string | null;
  userId: string | null;
  sessionId: string | null;
  ipAddress: string | null;
  error: string | null;
  details: Record<string, string>;
}

export interface EventQuery {
  types?: string[];
  clientId?: string;
  userId?: string;
  ipAddress?: string;
  dateFrom?: number;
  dateTo?: number;
  first?: number;
  max?: number;
  direction?: 'asc' | 'desc';
}

export interface FlowStore {
  /** Throws `GH_CONFLICT` when the realm has a flow with that alias. */
  createFlow(flow: FlowRecord): Promise<void>;
  findFlowById(realmId: string, id: string): Promise<FlowRecord | undefined>;
  findFlowByAlias(realmId: string, alias: string): Promise<FlowRecord | undefined>;
  listFlows(realmId: string): Promise<FlowRecord[]>;
  updateFlow(flow: FlowRecord): Promise<void>;
  deleteFlow(realmId: string, id: string): Promise<void>;
  createExecution(execution: ExecutionRecord): Promise<void>;
  findExecution(realmId: string, id: string): Promise<ExecutionRecord | undefined>;
  /** A flow's executions, by priority. */
  listExecutions(flowId: string): Promise<ExecutionRecord[]>;
  /** Every execution of the realm, for loading all flows at once. */
  listRealmExecutions(realmId: string): Promise<ExecutionRecord[]>;
  updateExecution(execution: ExecutionRecord): Promise<void>;
  deleteExecution(realmId: string, id: string): Promise<void>;
  createConfig(config: AuthenticatorConfigRecord): Promise<void>;
  findConfig(realmId: string, id: string): Promise<AuthenticatorConfigRecord | undefined>;
  listConfigs(realmId: string): Promise<AuthenticatorConfigRecord[]>;
  updateConfig(config: AuthenticatorConfigRecord): Promise<void>;
  deleteConfig(realmId: string, id: string): Promise<void>;
}

export interface RequiredActionStore {
  /** Throws `GH_CONFLICT` when the realm has one with that alias. */
  create(action: RequiredActionRecord): Promise<void>;
  find(realmId: string, alias: string): Promise<RequiredActionRecord | undefined>;
  /** By priority. */
  list(realmId: string): Promise<RequiredActionRecord[]>;
  update(action: RequiredActionRecord): Promise<void>;
  delete(realmId: string, alias: string): Promise<void>;
}

export interface JourneyStore {
  /** @throws GatehouseError `GH_CONFLICT` when a journey with that id exists. */
  create(journey: JourneyRecord): Promise<void>;
  find(realmId: string, id: string): Promise<JourneyRecord | undefined>;
  /**
   * Saves the journey when its stored version is `journey.version - 1`; returns false (and
   * saves nothing) when another request saved it first.
   */
  update(journey: JourneyRecord): Promise<boolean>;
  delete(realmId: string, id: string): Promise<void>;
  /** Removes journeys that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface OidcPayloadStore {
  upsert(record: OidcPayloadRecord): Promise<void>;
  find(realmId: string, model: string, id: string): Promise<OidcPayloadRecord | undefined>;
  findByUid(realmId: string, model: string, uid: string): Promise<OidcPayloadRecord | undefined>;
  findByUserCode(realmId: string, model: string, userCode: string): Promise<OidcPayloadRecord | undefined>;
  /** Every live record of a model for one account (a user's sessions). */
  listByAccount(realmId: string, model: string, accountId: string): Promise<OidcPayloadRecord[]>;
  consume(realmId: string, model: string, id: string, at: number): Promise<void>;
  destroy(realmId: string, model: string, id: string): Promise<void>;
  /** Removes every artefact issued under a grant (revocation, refresh-token reuse). */
  revokeByGrantId(realmId: string, grantId: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
  /** The accounts holding an unexpired record of one of the models (a realm's users with sessions). */
  listAccounts(realmId: string, models: string[], now: number): Promise<string[]>;
}

export interface EventStore {
  append(event: EventRecord): Promise<void>;
  /** Newest first unless `direction` is `asc`. */
  query(realmId: string, query: EventQuery): Promise<EventRecord[]>;
  deleteAll(realmId: string): Promise<void>;
  deleteBefore(realmId: string, time: number): Promise<number>;
}

/** An identity provider (Keycloak's IdentityProviderRepresentation); brokering itself comes later. */
export interface IdentityProviderRecord {
  /** Keycloak's `internalId`. */
  id: string;
  realmId: string;
  alias: string;
  /** Every other representation field (providerId, enabled, config, …), as JSON data. */
  data: Record<string, unknown>;
}

/** A mapper of an identity provider (Keycloak's IdentityProviderMapperRepresentation). */
export interface IdentityProviderMapperRecord {
  id: string;
  realmId: string;
  identityProviderAlias: string;
  name: string;
  /** The mapper type, e.g. `oidc-user-attribute-idp-mapper`. */
  identityProviderMapper: string;
  config: Record<string, string>;
}

/** A user's account at an identity provider (Keycloak's FederatedIdentityRepresentation). */
export interface FederatedIdentityRecord {
  realmId: string;
  userId: string;
  identityProvider: string;
  federatedUserId: string;
  federatedUsername: string | null;
}

export interface IdentityProviderStore {
  /** Throws `GH_CONFLICT` when the realm has a provider with that alias. */
  create(provider: IdentityProviderRecord): Promise<void>;
  findByAlias(realmId: string, alias: string): Promise<IdentityProviderRecord | undefined>;
  /** In the order they were created. */
  list(realmId: string): Promise<IdentityProviderRecord[]>;
  update(provider: IdentityProviderRecord): Promise<void>;
  /** Removes the provider, its mappers and the links of users to it. */
  delete(realmId: string, alias: string): Promise<void>;
  createMapper(mapper: IdentityProviderMapperRecord): Promise<void>;
  findMapper(realmId: string, id: string): Promise<IdentityProviderMapperRecord | undefined>;
  /** One provider's mappers, or every mapper of the realm when `alias` is undefined. */
  listMappers(realmId: string, alias?: string): Promise<IdentityProviderMapperRecord[]>;
  updateMapper(mapper: IdentityProviderMapperRecord): Promise<void>;
  deleteMapper(realmId: string, id: string): Promise<void>;
}

export interface FederatedIdentityStore {
  /** Throws `GH_CONFLICT` when the user is already linked to that provider. */
  create(link: FederatedIdentityRecord): Promise<void>;
  listForUser(userId: string): Promise<FederatedIdentityRecord[]>;
  /** Every link of the realm, for exports. */
  listForRealm(realmId: string): Promise<FederatedIdentityRecord[]>;
  findUserId(realmId: string, identityProvider: string, federatedUserId: string): Promise<string | undefined>;
  delete(userId: string, identityProvider: string): Promise<void>;
}

/**
 * Fields of an imported representation that Gatehouse does not read, kept per object
 * (`ownerType` 'realm', 'user', 'client', …) so that an export gives them back.
 */
export interface RepresentationExtrasStore {
  /** Replaces what is kept for the object. */
  put(realmId: string, ownerType: string, ownerId: string, data: Record<string, unknown>): Promise<void>;
  get(realmId: string, ownerType: string, ownerId: string): Promise<Record<string, unknown> | undefined>;
  list(realmId: string, ownerType: string): Promise<{ ownerId: string; data: Record<string, unknown> }[]>;
  delete(realmId: string, ownerType: string, ownerId: string): Promise<void>;
}

/** The repositories of one unit of work: the whole store, or one transaction. */
export interface Repositories {
  readonly realms: RealmStore;
  readonly users: UserStore;
  readonly credentials: CredentialStore;
  readonly roles: RoleStore;
  readonly groups: GroupStore;
  readonly clients: ClientStore;
  readonly clientScopes: ClientScopeStore;
  readonly keys: KeyStore;
  readonly components: ComponentStore;
  readonly flows: FlowStore;
  readonly requiredActions: RequiredActionStore;
  readonly journeys: JourneyStore;
  readonly oidcPayloads: OidcPayloadStore;
  readonly events: EventStore;
  readonly emailOutbox: EmailOutboxStore;
  readonly adminEvents: AdminEventStore;
  readonly outbox: EventOutboxStore;
  readonly webhooks: WebhookStore;
  readonly actionTokens: UsedActionTokenStore;
  readonly loginFailures: LoginFailureStore;
  readonly rateLimitCounters: RateLimitCounterStore;
  readonly usedChallenges: UsedChallengeStore;
  readonly emailKeys: EmailKeyStore;
  readonly registrationHooks: RegistrationHookStore;
  readonly identityProviders: IdentityProviderStore;
  readonly federatedIdentities: FederatedIdentityStore;
  readonly representationExtras: RepresentationExtrasStore;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: everything it writes commits together or not at all.
   * Nested calls join the outer transaction.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Whether the database answers and every migration is applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Where an outbox email stands: `pending` (never tried), `failed` (tried, retry scheduled),
 * `sent` (handed to the SMTP server or the dev outbox), `dead` (given up after the retry period).
 */
export type EmailOutboxStatus = 'pending' | 'failed' | 'sent' | 'dead';

/** How a sent email left: over SMTP, or into the dev outbox (`start-dev` without an SMTP server). */
export type EmailTransport = 'smtp' | 'dev';

/** One email of the outbox, described by template so that it is rendered at delivery. */
export interface EmailOutboxRecord {
  id: string;
  realmId: string;
  userId: string | null;
  recipient: string;
  template: string;
  subjectKey: string;
  subjectParams: string[];
  attributes: Record<string, unknown>;
  locale: string | null;
  status: EmailOutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** The node that holds the row while it sends, and until when; another node may take it after. */
  claimedBy: string | null;
  claimedUntil: number | null;
  /** Set once sent: how, and what was rendered (the dev outbox page shows it). */
  transport: EmailTransport | null;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
}

/** What the sender records after a failed attempt. */
export interface EmailAttemptFailure {
  attempts: number;
  lastError: string;
  /** When to try again; ignored when `dead`. */
  nextAttemptAt: number;
  /** Give up: the retry period is over. */
  dead: boolean;
}

/** What the sender records after a delivery. */
export interface EmailDelivery {
  sentAt: number;
  transport: EmailTransport;
  subject: string;
  bodyText: string;
  bodyHtml: string;
}

export interface EmailOutboxQuery {
  realmId?: string;
  transport?: EmailTransport;
  status?: EmailOutboxStatus;
  max?: number;
}

export interface EmailOutboxStore {
  /** Adds a `pending` email; called inside the transaction of the change that caused it. */
  enqueue(record: EmailOutboxRecord): Promise<void>;
  /**
   * Claims up to `limit` due emails (pending or failed, next attempt reached, not claimed by a
   * live lease) for `node` until `claimedUntil`, oldest due first. Two nodes never get one row.
   */
  claimDue(now: number, node: string, claimedUntil: number, limit: number): Promise<EmailOutboxRecord[]>;
  /** Marks a claimed email sent; false (and nothing changed) when `node` no longer holds it. */
  markSent(id: string, node: string, delivery: EmailDelivery): Promise<boolean>;
  /** Records a failed attempt on a claimed email and releases it; false when `node` no longer holds it. */
  markFailed(id: string, node: string, failure: EmailAttemptFailure): Promise<boolean>;
  find(id: string): Promise<EmailOutboxRecord | undefined>;
  /** Newest first. */
  list(query: EmailOutboxQuery): Promise<EmailOutboxRecord[]>;
  /** The earliest `next_attempt_at` of an unsent email, for the sender to sleep until then. */
  nextDueAt(): Promise<number | undefined>;
  /** Removes sent and dead emails created before `time`; returns how many. */
  deleteFinishedBefore(time: number): Promise<number>;
}

/** Keycloak's AdminEventRepresentation, as stored: who changed what through the Admin API. */
export interface AdminEventRecord {
  id: string;
  /** The realm that was changed. */
  realmId: string;
  time: number;
  /** `CREATE`, `UPDATE`, `DELETE` or `ACTION`. */
  operationType: string;
  /** Keycloak's ResourceType name (`USER`, `GROUP`, `CLIENT`, …). */
  resourceType: string;
  /** The path below the realm, as Keycloak writes it (`users/<id>`). */
  resourcePath: string;
  authRealmId: string | null;
  /** The caller's client, by internal id. */
  authClientId: string | null;
  authUserId: string | null;
  authIpAddress: string | null;
  /** The request body as JSON text with secrets masked; only when the realm keeps details. */
  representation: string | null;
  error: string | null;
  details: Record<string, string>;
}

export interface AdminEventQuery {
  operationTypes?: string[];
  resourceTypes?: string[];
  /** Exact, or with `*` standing for any run of characters. */
  resourcePath?: string;
  authRealmId?: string;
  authClientId?: string;
  authUserId?: string;
  authIpAddress?: string;
  dateFrom?: number;
  dateTo?: number;
  first?: number;
  max?: number;
  direction?: 'asc' | 'desc';
}

export interface AdminEventStore {
  append(event: AdminEventRecord): Promise<void>;
  /** Newest first unless `direction` is `asc`. */
  query(realmId: string, query: AdminEventQuery): Promise<AdminEventRecord[]>;
  deleteAll(realmId: string): Promise<void>;
  /** Removes the realm's admin events older than `time`; returns how many. */
  deleteBefore(realmId: string, time: number): Promise<number>;
}

/** An event waiting for the realm's listeners: written with the change it reports, dispatched after commit. */
export interface OutboxRecord {
  /** Time-ordered, so that the outbox is read in the order events happened. */
  id: string;
  realmId: string;
  kind: 'user' | 'admin';
  /** The user event type, or `ADMIN:<resourceType>:<operationType>`. */
  type: string;
  /** Deliveries with one key are made in order (a user's events, one resource's admin events). */
  orderKey: string;
  /** The event's Keycloak representation. */
  payload: Record<string, unknown>;
  createdAt: number;
  dispatchedAt: number | null;
}

export interface EventOutboxStore {
  append(record: OutboxRecord): Promise<void>;
  /**
   * Call first in the dispatching transaction: true when this unit of work may dispatch (on
   * PostgreSQL a transaction-scoped lock, so that one node at a time fans events out in order).
   */
  tryLockDispatch(): Promise<boolean>;
  /** The oldest records not yet dispatched, oldest first. */
  listPending(limit: number): Promise<OutboxRecord[]>;
  markDispatched(ids: string[], at: number): Promise<void>;
  /** Removes dispatched records older than `time`; returns how many. */
  deleteDispatchedBefore(time: number): Promise<number>;
}

/** A webhook endpoint of a realm (a Gatehouse extension). */
export interface WebhookRecord {
  id: string;
  realmId: string;
  url: string;
  /** The HMAC key of the signature; never shown again after creation. */
  secret: string;
  /** Event types wanted; empty means every event. */
  eventTypes: string[];
  enabled: boolean;
  /** Seconds during which failed deliveries are retried before they are dead-lettered. */
  retryPeriod: number;
  createdAt: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event for one endpoint, with where its delivery stands. */
export interface WebhookDeliveryRecord {
  id: string;
  realmId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  orderKey: string;
  /** The JSON body, exactly as it is signed and sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  /** Start of the retry period (creation, or the last redelivery request). */
  retryFrom: number;
  nextAttemptAt: number;
  /** A node sending it holds it until then. */
  claimedUntil: number | null;
  deliveredAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

export interface WebhookAttemptRecord {
  id: string;
  deliveryId: string;
  time: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookStore {
  create(webhook: WebhookRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<WebhookRecord | undefined>;
  list(realmId: string): Promise<WebhookRecord[]>;
  update(webhook: WebhookRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
  createDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  findDelivery(realmId: string, id: string): Promise<WebhookDeliveryRecord | undefined>;
  /** An endpoint's deliveries, newest first. */
  listDeliveries(realmId: string, webhookId: string, page: { first?: number; max?: number }): Promise<WebhookDeliveryRecord[]>;
  updateDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  /**
   * Call inside a transaction: marks up to `limit` due deliveries as held until `until` and
   * returns them; only the oldest pending delivery of each endpoint and order key is due, and
   * a delivery another node holds (or has locked) is skipped.
   */
  claimDue(now: number, until: number, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** Makes an endpoint's deliveries created in [from, to] pending again, due at `now`; returns how many. */
  redeliverRange(realmId: string, webhookId: string, from: number, to: number, now: number): Promise<number>;
  /** Whether any delivery may be due at `now` (a cheap read before a claiming transaction). */
  anyDue(now: number): Promise<boolean>;
  addAttempt(attempt: WebhookAttemptRecord): Promise<void>;
  /** The attempts of these deliveries, oldest first. */
  listAttempts(deliveryIds: string[]): Promise<WebhookAttemptRecord[]>;
  /** Removes finished deliveries (delivered or dead) created before `time`; returns how many. */
  deleteFinishedBefore(time: number): Promise<number>;
}

/** The ids of action tokens already used (Keycloak's single-use object store), each kept until its token expires. */
export interface UsedActionTokenStore {
  /** Records the token as used; false (and nothing written) when it already was. */
  markUsed(realmId: string, tokenId: string, expiresAt: number): Promise<boolean>;
  isUsed(realmId: string, tokenId: string): Promise<boolean>;
  /** Forgets tokens that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}
/** Keycloak's UserLoginFailure: a user's recent failed logins, for brute-force detection. */
export interface LoginFailureRecord {
  realmId: string;
  userId: string;
  numFailures: number;
  numTemporaryLockouts: number;
  /** Epoch millis of the last failure. */
  lastFailure: number;
  lastIpFailure: string | null;
  /** Epoch millis before which the user may not log in; 0 when not locked. */
  failedLoginNotBefore: number;
}

export interface LoginFailureStore {
  find(realmId: string, userId: string): Promise<LoginFailureRecord | undefined>;
  save(record: LoginFailureRecord): Promise<void>;
  delete(realmId: string, userId: string): Promise<void>;
  deleteAll(realmId: string): Promise<void>;
}

/** A rate-limit counter as `rate-limiter-flexible` keeps it: points consumed and when they expire. */
export interface RateLimitCounter {
  points: number;
  /** Epoch millis; null for a counter that never expires. */
  expire: number | null;
}

export interface RateLimitCounterStore {
  /**
   * Adds `points` to the counter atomically; a counter that expired at `now` (or with
   * `forceExpire`) starts again at `points` with a new expiry of `now + msDuration`.
   */
  add(key: string, points: number, msDuration: number, forceExpire: boolean, now: number): Promise<RateLimitCounter>;
  get(key: string, now: number): Promise<RateLimitCounter | undefined>;
  delete(key: string): Promise<boolean>;
  /** Removes counters that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface UsedChallengeStore {
  /** Records a challenge as used; false when it was used already (a replay). */
  use(id: string, expiresAt: number): Promise<boolean>;
  deleteExpired(now: number): Promise<number>;
}

/** Normalised email keys, unique per realm, for realms that compare sign-ups on them. */
export interface EmailKeyStore {
  findUserId(realmId: string, key: string): Promise<string | undefined>;
  /** Throws `GH_CONFLICT` (field `email`) when another user holds the key. */
  add(realmId: string, key: string, userId: string): Promise<void>;
}

/** A pre-registration hook of a realm (a Gatehouse extension): called before a sign-up is saved. */
export interface RegistrationHookRecord {
  id: string;
  realmId: string;
  url: string;
  /** The HMAC key of the request signature; never shown again after creation. */
  secret: string;
  /** How long the call may take before it counts as failed. */
  timeoutMs: number;
  /** What a failed call means: `open` lets the sign-up through, `closed` refuses it. */
  failurePolicy: 'open' | 'closed';
  enabled: boolean;
  createdAt: number;
}

export interface RegistrationHookStore {
  create(hook: RegistrationHookRecord): Promise<void>;
  findById(realmId: string, id: string): Promise<RegistrationHookRecord | undefined>;
  /** The realm's hooks, oldest first: the order in which they are called. */
  list(realmId: string): Promise<RegistrationHookRecord[]>;
  update(hook: RegistrationHookRecord): Promise<void>;
  delete(realmId: string, id: string): Promise<void>;
}
