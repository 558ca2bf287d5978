/**
 * The identity-provider mapper types Keycloak offers, by provider family, as
 * `GET …/identity-provider/instances/{alias}/mapper-types` lists them. Brokering comes
 * later: these describe what can be stored, so that admin tools can build their forms.
 */
export interface MapperProperty { name: string; label: string; helpText: string; type: string; defaultValue?: string; options?: string[] }

export interface MapperType { id: string; name: string; category: string; helpText: string; properties: MapperProperty[] }

const syncMode: MapperProperty = { name: 'syncMode', label: 'Sync mode override', helpText: 'Overrides the default sync mode of the IdP for this mapper.', type: 'List', defaultValue: 'INHERIT', options: ['INHERIT', 'IMPORT', 'LEGACY', 'FORCE'] };
const prop = (name: string, label: string, type = 'String', helpText = ''): MapperProperty => ({ name, label, helpText, type });

const hardcoded: MapperType[] = [
  { id: 'hardcoded-attribute-idp-mapper', name: 'Hardcoded Attribute', category: 'Attribute Importer', helpText: 'When user is imported from provider, hardcode a value to a specific user attribute.', properties: [syncMode, prop('attribute', 'User Attribute'), prop('attribute.value', 'User Attribute Value')] },
  { id: 'hardcoded-role-idp-mapper', name: 'Hardcoded Role', category: 'Role Importer', helpText: 'When user is imported from provider, hardcode a role mapping for it.', properties: [syncMode, prop('role', 'Role', 'Role')] },
  { id: 'hardcoded-user-session-attribute-idp-mapper', name: 'Hardcoded User Session Attribute', category: 'Attribute Importer', helpText: 'When user is imported from provider, hardcode a value to a specific user session attribute.', properties: [syncMode, prop('attribute', 'User Session Attribute'), prop('attribute.value', 'User Session Attribute Value')] },
  { id: 'oidc-hardcoded-group-idp-mapper', name: 'Hardcoded Group', category: 'Group Importer', helpText: 'When user is imported from provider, hardcode a group membership for it.', properties: [syncMode, prop('group', 'Group', 'Group')] },
];

const oidc: MapperType[] = [
  { id: 'oidc-user-attribute-idp-mapper', name: 'Attribute Importer', category: 'Attribute Importer', helpText: 'Import declared claim if it exists in ID, access token or the claim set returned by the user profile endpoint into the specified user property or attribute.', properties: [syncMode, prop('claim', 'Claim'), prop('user.attribute', 'User Attribute Name')] },
  { id: 'oidc-role-idp-mapper', name: 'Claim to Role', category: 'Role Importer', helpText: 'If a claim exists, grant the user the specified realm or client role.', properties: [syncMode, prop('claim', 'Claim'), prop('claim.value', 'Claim Value'), prop('role', 'Role', 'Role')] },
  { id: 'oidc-advanced-role-idp-mapper', name: 'Advanced Claim to Role', category: 'Role Importer', helpText: 'If all claims exist, grant the user the specified realm or client role.', properties: [syncMode, prop('claims', 'Claims', 'Map'), prop('are.claim.values.regex', 'Regex Claim Values', 'boolean'), prop('role', 'Role', 'Role')] },
  { id: 'oidc-advanced-group-idp-mapper', name: 'Advanced Claim to Group', category: 'Group Importer', helpText: 'If all claims exist, assign the user to the specified group.', properties: [syncMode, prop('claims', 'Claims', 'Map'), prop('are.claim.values.regex', 'Regex Claim Values', 'boolean'), prop('group', 'Group', 'Group')] },
  { id: 'oidc-username-idp-mapper', name: 'Username Template Importer', category: 'Preprocessor', helpText: 'Format the username to import.', properties: [syncMode, prop('template', 'Template'), prop('target', 'Target', 'List')] },
];

const saml: MapperType[] = [
  { id: 'saml-user-attribute-idp-mapper', name: 'Attribute Importer', category: 'Attribute Importer', helpText: 'Import declared saml attribute if it exists in assertion into the specified user property or attribute.', properties: [syncMode, prop('attribute.name', 'Attribute Name'), prop('attribute.friendly.name', 'Friendly Name'), prop('attribute.name.format', 'Name Format', 'List'), prop('user.attribute', 'User Attribute Name')] },
  { id: 'saml-role-idp-mapper', name: 'SAML Attribute to Role', category: 'Role Importer', helpText: 'If an attribute exists, grant the user the specified realm or client role.', properties: [syncMode, prop('attribute.name', 'Attribute Name'), prop('attribute.value', 'Attribute Value'), prop('role', 'Role', 'Role')] },
  { id: 'saml-advanced-role-idp-mapper', name: 'Advanced Attribute to Role', category: 'Role Importer', helpText: 'If the set of attributes exists and can be matched, grant the user the specified realm or client role.', properties: [syncMode, prop('attributes', 'Attributes', 'Map'), prop('are.attribute.values.regex', 'Regex Attribute Values', 'boolean'), prop('role', 'Role', 'Role')] },
  { id: 'saml-username-idp-mapper', name: 'Username Template Importer', category: 'Preprocessor', helpText: 'Format the username to import.', properties: [syncMode, prop('template', 'Template'), prop('target', 'Target', 'List')] },
  { id: 'saml-xpath-attribute-idp-mapper', name: 'XPath Attribute Importer', category: 'Attribute Importer', helpText: 'Import attribute values from the assertion through an XPath expression.', properties: [syncMode, prop('attribute.name', 'Attribute Name'), prop('attribute.xpath', 'XPath'), prop('user.attribute', 'User Attribute Name')] },
];

/** Providers built on OpenID Connect, whose tokens carry claims. */
const OIDC_FAMILY = new Set(['oidc', 'keycloak-oidc', 'google', 'microsoft', 'gitlab', 'paypal', 'openshift-v4', 'openshift-v3']);

/** The mapper types for a provider id, keyed by type id as Keycloak answers. */
export function mapperTypesFor(providerId: string): Record<string, MapperType> {
  const types = [...hardcoded];
  if (OIDC_FAMILY.has(providerId)) types.push(...oidc);
  else if (providerId === 'saml') types.push(...saml);
  else {
    // Social providers without OIDC claims map their JSON profile fields.
    types.push({ id: `${providerId}-user-attribute-mapper`, name: 'Attribute Importer', category: 'Attribute Importer', helpText: 'Import user profile information if it exists in the social provider JSON data into the specified user attribute.', properties: [syncMode, prop('jsonField', 'Social Profile JSON Field Path'), prop('userAttribute', 'User Attribute Name')] });
    types.push(oidc.find((t) => t.id === 'oidc-username-idp-mapper')!);
  }
  return Object.fromEntries(types.map((t) => [t.id, t]));
}
