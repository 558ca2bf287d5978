import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Booleans are stored as 0/1 integers and JSON as text in
 * both dialects, so that one set of migrations and queries serves SQLite and PostgreSQL.
 */
export interface Database {
  realms: { id: string; name: string; enabled: number; settings: string; created_at: number; revision: Generated<number> };
  users: {
    id: string;
    realm_id: string;
    username: string;
    email: string | null;
    /** The lower-cased email when the realm forbids duplicates, else null: a unique index. */
    email_constraint: string | null;
    email_verified: number;
    first_name: string | null;
    last_name: string | null;
    enabled: number;
    created_timestamp: number;
    service_account_client_link: string | null;
    not_before: number;
  };
  user_attributes: { id: string; realm_id: string; user_id: string; name: string; value: string; position: number };
  user_required_actions: { user_id: string; action: string };
  credentials: {
    id: string;
    realm_id: string;
    user_id: string;
    type: string;
    user_label: string | null;
    secret_data: string;
    credential_data: string;
    created_date: number;
    priority: number;
  };
  roles: {
    id: string;
    realm_id: string;
    /** The realm id for a realm role, the client's id for a client role. */
    container_id: string;
    client_id: string | null;
    name: string;
    description: string | null;
    attributes: string;
  };
  role_composites: { parent_id: string; child_id: string };
  user_role_mappings: { user_id: string; role_id: string };
  groups: {
    id: string;
    realm_id: string;
    /** '' for a top-level group, so that the sibling-name index also covers the top level. */
    parent_id: string;
    name: string;
    description: string | null;
    attributes: string;
  };
  group_role_mappings: { group_id: string; role_id: string };
  user_group_memberships: { user_id: string; group_id: string };
  realm_default_groups: { realm_id: string; group_id: string };
  clients: { id: string; realm_id: string; client_id: string; data: string };
  client_scopes: { id: string; realm_id: string; name: string; data: string };
  realm_default_client_scopes: { realm_id: string; scope_id: string; default_scope: number };
  client_scope_links: { client_uuid: string; scope_id: string; default_scope: number };
  realm_keys: {
    id: string;
    realm_id: string;
    kid: string;
    provider_id: string;
    algorithm: string;
    key_use: string;
    priority: number;
    enabled: number;
    active: number;
    public_jwk: string | null;
    private_jwk: string;
    certificate: string | null;
    created_at: number;
  };
  components: {
    id: string;
    realm_id: string;
    parent_id: string;
    name: string;
    provider_id: string;
    provider_type: string;
    sub_type: string | null;
    config: string;
  };
  gatehouse_migrations: { name: string; applied_at: number };
  authentication_flows: {
    id: string;
    realm_id: string;
    alias: string;
    description: string | null;
    provider_id: string;
    top_level: number;
    built_in: number;
  };
  authenticator_configs: { id: string; realm_id: string; alias: string; config: string };
  authentication_executions: {
    id: string;
    realm_id: string;
    flow_id: string;
    authenticator: string | null;
    child_flow_id: string | null;
    requirement: string;
    priority: number;
    config_id: string | null;
  };
  required_action_providers: {
    id: string;
    realm_id: string;
    alias: string;
    name: string;
    provider_id: string;
    enabled: number;
    default_action: number;
    priority: number;
    config: string;
  };
  journeys: { id: string; realm_id: string; state: string; version: number; expires_at: number };
  oidc_payloads: {
    realm_id: string;
    model: string;
    id: string;
    payload: string;
    grant_id: string | null;
    user_code: string | null;
    uid: string | null;
    account_id: string | null;
    expires_at: number | null;
    consumed_at: number | null;
  };
  events: {
    id: string;
    realm_id: string;
    time: number;
    type: string;
    client_id: string | null;
    user_id: string | null;
    session_id: string | null;
    ip_address: string | null;
    error: string | null;
    details: string;
  };
  client_scope_mappings: { client_uuid: string; role_id: string };
  client_scope_role_mappings: { scope_id: string; role_id: string };
  email_outbox: {
    id: string;
    realm_id: string;
    user_id: string | null;
    recipient: string;
    template: string;
    subject_key: string;
    subject_params: string;
    attributes: string;
    locale: string | null;
    status: string;
    attempts: number;
    next_attempt_at: number;
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
    claimed_by: string | null;
    claimed_until: number | null;
    transport: string | null;
    subject: string | null;
    body_text: string | null;
    body_html: string | null;
  };
  admin_events: {
    id: string;
    realm_id: string;
    time: number;
    operation_type: string;
    resource_type: string;
    resource_path: string;
    auth_realm_id: string | null;
    auth_client_id: string | null;
    auth_user_id: string | null;
    auth_ip_address: string | null;
    representation: string | null;
    error: string | null;
    details: string;
  };
  event_outbox: { id: string; realm_id: string; kind: string; type: string; order_key: string; payload: string; created_at: number; dispatched_at: number | null };
  webhooks: { id: string; realm_id: string; url: string; secret: string; event_types: string; enabled: number; retry_period: number; created_at: number };
  webhook_deliveries: {
    id: string;
    realm_id: string;
    webhook_id: string;
    event_id: string;
    event_type: string;
    order_key: string;
    payload: string;
    status: string;
    attempts: number;
    created_at: number;
    retry_from: number;
    next_attempt_at: number;
    claimed_until: number | null;
    delivered_at: number | null;
    last_status_code: number | null;
    last_error: string | null;
  };
  webhook_attempts: { id: string; delivery_id: string; time: number; status_code: number | null; duration_ms: number; error: string | null };
  used_action_tokens: { realm_id: string; token_id: string; expires_at: number };
  login_failures: {
    realm_id: string;
    user_id: string;
    num_failures: number;
    num_temporary_lockouts: number;
    last_failure: number;
    last_ip_failure: string | null;
    failed_login_not_before: number;
  };
  rate_limits: { key: string; points: number; expire: number | null };
  used_challenges: { id: string; expires_at: number };
  email_keys: { realm_id: string; email_key: string; user_id: string };
  registration_hooks: { id: string; realm_id: string; url: string; secret: string; timeout_ms: number; failure_policy: string; enabled: number; created_at: number };
  identity_providers: { id: string; realm_id: string; alias: string; position: number; data: string };
  identity_provider_mappers: { id: string; realm_id: string; identity_provider_alias: string; name: string; mapper: string; config: string };
  federated_identities: { realm_id: string; user_id: string; identity_provider: string; federated_user_id: string; federated_username: string | null };
  representation_extras: { realm_id: string; owner_type: string; owner_id: string; data: string };
}
