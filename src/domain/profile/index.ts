/**
 * Keycloak's declarative user profile: the UPConfig model and its defaults, where a realm
 * keeps it, the validators, and the engine that decides per context which attributes a user
 * sees, may edit and must fill.
 */
export type {
  ProfileRole,
  RootAttribute,
  UnmanagedAttributePolicy,
  UPAttribute,
  UPAttributePermissions,
  UPAttributeRequired,
  UPAttributeSelector,
  UPConfig,
  UPGroup,
  ValidatorConfig,
} from './model.ts';
export { defaultProfileConfig, isRootAttribute, masterProfileConfig, ROOT_ATTRIBUTES } from './model.ts';
export type { ProfileRepositories } from './config-store.ts';
export {
  defaultConfigFor,
  parseProfileConfig,
  PROFILE_CONFIG_KEY,
  PROFILE_PROVIDER_ID,
  PROFILE_PROVIDER_TYPE,
  profileConfigJson,
  readProfileConfig,
  writeProfileConfig,
} from './config-store.ts';
export type { ConfigValidationOptions } from './config-validation.ts';
export { validateProfileConfig } from './config-validation.ts';
export type { AttributeRules, ProfileContext } from './attribute-rules.ts';
export type { BuildProfileOptions, CurrentUser, Profile, ProfileAttribute, ProfileAttributeGroup } from './profile.ts';
export { buildProfile } from './profile.ts';
export type { ProfileInput, ProfileValidation, ProfileValues } from './profile-validation.ts';
export { DEFAULT_MAX_LENGTH, MESSAGE_ATTRIBUTE_READ_ONLY, MESSAGE_ATTRIBUTE_REQUIRED } from './profile-validation.ts';
export type { AttributeMetadata, GroupMetadata, ProfileMetadata } from './metadata.ts';
export { profileMetadata } from './metadata.ts';
export type { FieldError, ProfileValidator, ValidatorContext, ValidatorRegistry } from './validators/index.ts';
export { builtinValidators, createValidatorRegistry, defaultValidatorRegistry, runValidator } from './validators/index.ts';
