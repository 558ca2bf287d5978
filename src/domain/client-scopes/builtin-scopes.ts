/**
 * The client scopes Keycloak 26 gives a new realm, with their protocol mappers. Token claims
 * are produced from these records, so a realm imported from Keycloak and a realm created
 * here behave alike.
 */
export interface ProtocolMapperData {
  name: string;
  protocol: string;
  protocolMapper: string;
  consentRequired: boolean;
  config: Record<string, string>;
}

export interface BuiltinScope {
  name: string;
  description: string;
  protocol: 'openid-connect' | 'saml';
  attributes: Record<string, string>;
  protocolMappers: ProtocolMapperData[];
  /** Default (true), optional (false) or neither (undefined) for new clients. */
  realmDefault: boolean | undefined;
}

const claimEverywhere = { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true', 'userinfo.token.claim': 'true' };

function mapper(name: string, protocolMapper: string, config: Record<string, string>): ProtocolMapperData {
  return { name, protocol: 'openid-connect', protocolMapper, consentRequired: false, config };
}

/** A user attribute copied into a claim of all four token kinds. */
function attribute(name: string, userAttribute: string, claim: string, jsonType = 'String'): ProtocolMapperData {
  return mapper(name, 'oidc-usermodel-attribute-mapper', {
    ...claimEverywhere,
    'user.attribute': userAttribute,
    'claim.name': claim,
    'jsonType.label': jsonType,
  });
}

function consent(text: string, inTokenScope: boolean): Record<string, string> {
  return { 'include.in.token.scope': String(inTokenScope), 'display.on.consent.screen': 'true', 'consent.screen.text': text };
}

const hidden = (inTokenScope: boolean): Record<string, string> => ({
  'include.in.token.scope': String(inTokenScope),
  'display.on.consent.screen': 'false',
});

export const builtinScopes: readonly BuiltinScope[] = [
  {
    name: 'role_list',
    description: 'SAML role list',
    protocol: 'saml',
    attributes: { 'consent.screen.text': '${samlRoleListScopeConsentText}', 'display.on.consent.screen': 'true' },
    protocolMappers: [
      { name: 'role list', protocol: 'saml', protocolMapper: 'saml-role-list-mapper', consentRequired: false, config: { single: 'false', 'attribute.nameformat': 'Basic', 'attribute.name': 'Role' } },
    ],
    realmDefault: true,
  },
  {
    name: 'saml_organization',
    description: 'Organization Membership',
    protocol: 'saml',
    attributes: { 'display.on.consent.screen': 'false' },
    protocolMappers: [{ name: 'organization', protocol: 'saml', protocolMapper: 'saml-organization-membership-mapper', consentRequired: false, config: {} }],
    realmDefault: true,
  },
  {
    name: 'profile',
    description: 'OpenID Connect built-in scope: profile',
    protocol: 'openid-connect',
    attributes: consent('${profileScopeConsentText}', true),
    protocolMappers: [
      mapper('full name', 'oidc-full-name-mapper', { ...claimEverywhere }),
      attribute('family name', 'lastName', 'family_name'),
      attribute('given name', 'firstName', 'given_name'),
      attribute('middle name', 'middleName', 'middle_name'),
      attribute('nickname', 'nickname', 'nickname'),
      attribute('username', 'username', 'preferred_username'),
      attribute('profile', 'profile', 'profile'),
      attribute('picture', 'picture', 'picture'),
      attribute('website', 'website', 'website'),
      attribute('gender', 'gender', 'gender'),
      attribute('birthdate', 'birthdate', 'birthdate'),
      attribute('zoneinfo', 'zoneinfo', 'zoneinfo'),
      attribute('locale', 'locale', 'locale'),
      attribute('updated at', 'updatedAt', 'updated_at', 'long'),
    ],
    realmDefault: true,
  },
  {
    name: 'email',
    description: 'OpenID Connect built-in scope: email',
    protocol: 'openid-connect',
    attributes: consent('${emailScopeConsentText}', true),
    protocolMappers: [
      attribute('email', 'email', 'email'),
      mapper('email verified', 'oidc-usermodel-property-mapper', {
        ...claimEverywhere,
        'user.attribute': 'emailVerified',
        'claim.name': 'email_verified',
        'jsonType.label': 'boolean',
      }),
    ],
    realmDefault: true,
  },
  {
    name: 'roles',
    description: 'OpenID Connect scope for add user roles to the access token',
    protocol: 'openid-connect',
    attributes: consent('${rolesScopeConsentText}', false),
    protocolMappers: [
      mapper('realm roles', 'oidc-usermodel-realm-role-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
        'claim.name': 'realm_access.roles',
        'jsonType.label': 'String',
        multivalued: 'true',
        'user.attribute': 'foo',
      }),
      mapper('client roles', 'oidc-usermodel-client-role-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
        'claim.name': 'resource_access.${client_id}.roles',
        'jsonType.label': 'String',
        multivalued: 'true',
        'user.attribute': 'foo',
      }),
      mapper('audience resolve', 'oidc-audience-resolve-mapper', { 'access.token.claim': 'true', 'introspection.token.claim': 'true' }),
    ],
    realmDefault: true,
  },
  {
    name: 'web-origins',
    description: 'OpenID Connect scope for add allowed web origins to the access token',
    protocol: 'openid-connect',
    attributes: { ...hidden(false), 'consent.screen.text': '' },
    protocolMappers: [mapper('allowed web origins', 'oidc-allowed-origins-mapper', { 'access.token.claim': 'true', 'introspection.token.claim': 'true' })],
    realmDefault: true,
  },
  {
    name: 'acr',
    description: 'OpenID Connect scope for add acr (authentication context class reference) to the token',
    protocol: 'openid-connect',
    attributes: hidden(false),
    protocolMappers: [mapper('acr loa level', 'oidc-acr-mapper', { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true' })],
    realmDefault: true,
  },
  {
    name: 'basic',
    description: 'OpenID Connect scope for add all basic claims to the token',
    protocol: 'openid-connect',
    attributes: hidden(false),
    protocolMappers: [
      mapper('sub', 'oidc-sub-mapper', { 'access.token.claim': 'true', 'introspection.token.claim': 'true' }),
      mapper('auth_time', 'oidc-usersessionmodel-note-mapper', {
        'access.token.claim': 'true',
        'id.token.claim': 'true',
        'introspection.token.claim': 'true',
        'user.session.note': 'AUTH_TIME',
        'claim.name': 'auth_time',
        'jsonType.label': 'long',
      }),
    ],
    realmDefault: true,
  },
  {
    name: 'offline_access',
    description: 'OpenID Connect built-in scope: offline_access',
    protocol: 'openid-connect',
    attributes: { 'consent.screen.text': '${offlineAccessScopeConsentText}', 'display.on.consent.screen': 'true' },
    protocolMappers: [],
    realmDefault: false,
  },
  {
    name: 'address',
    description: 'OpenID Connect built-in scope: address',
    protocol: 'openid-connect',
    attributes: consent('${addressScopeConsentText}', true),
    protocolMappers: [
      mapper('address', 'oidc-address-mapper', {
        ...claimEverywhere,
        'user.attribute.formatted': 'formatted',
        'user.attribute.street': 'street',
        'user.attribute.locality': 'locality',
        'user.attribute.region': 'region',
        'user.attribute.postal_code': 'postal_code',
        'user.attribute.country': 'country',
      }),
    ],
    realmDefault: false,
  },
  {
    name: 'phone',
    description: 'OpenID Connect built-in scope: phone',
    protocol: 'openid-connect',
    attributes: consent('${phoneScopeConsentText}', true),
    protocolMappers: [
      attribute('phone number', 'phoneNumber', 'phone_number'),
      attribute('phone number verified', 'phoneNumberVerified', 'phone_number_verified', 'boolean'),
    ],
    realmDefault: false,
  },
  {
    name: 'microprofile-jwt',
    description: 'Microprofile - JWT built-in scope',
    protocol: 'openid-connect',
    attributes: hidden(true),
    protocolMappers: [
      attribute('upn', 'username', 'upn'),
      mapper('groups', 'oidc-usermodel-realm-role-mapper', {
        ...claimEverywhere,
        'user.attribute': 'foo',
        'claim.name': 'groups',
        'jsonType.label': 'String',
        multivalued: 'true',
      }),
    ],
    realmDefault: false,
  },
  {
    name: 'organization',
    description: 'Additional claims about the organization a subject belongs to',
    protocol: 'openid-connect',
    attributes: consent('${organizationScopeConsentText}', true),
    protocolMappers: [
      mapper('organization', 'oidc-organization-membership-mapper', {
        'access.token.claim': 'true',
        'id.token.claim': 'true',
        'introspection.token.claim': 'true',
        'claim.name': 'organization',
        'jsonType.label': 'String',
        multivalued: 'true',
      }),
    ],
    realmDefault: false,
  },
  {
    name: 'service_account',
    description: 'Specific scope for a client enabled for service accounts',
    protocol: 'openid-connect',
    attributes: hidden(false),
    protocolMappers: [
      mapper('Client ID', 'oidc-usersessionmodel-note-mapper', { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true', 'user.session.note': 'client_id', 'claim.name': 'client_id', 'jsonType.label': 'String' }),
      mapper('Client Host', 'oidc-usersessionmodel-note-mapper', { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true', 'user.session.note': 'clientHost', 'claim.name': 'clientHost', 'jsonType.label': 'String' }),
      mapper('Client IP Address', 'oidc-usersessionmodel-note-mapper', { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true', 'user.session.note': 'clientAddress', 'claim.name': 'clientAddress', 'jsonType.label': 'String' }),
    ],
    realmDefault: undefined,
  },
];
