import type { ValidatorConfig } from './model.ts';
import type { Profile } from './profile.ts';

/** One attribute of Keycloak's UserProfileMetadata (`GET /admin/realms/{realm}/users/profile/metadata`). */
export interface AttributeMetadata {
  name: string;
  displayName: string;
  required: boolean;
  readOnly: boolean;
  annotations: Record<string, unknown>;
  validators: Record<string, ValidatorConfig>;
  /** The group's name (the template view carries the whole group instead). */
  group?: string;
  multivalued: boolean;
  defaultValue?: string;
}

export interface GroupMetadata {
  name: string;
  displayHeader?: string;
  displayDescription?: string;
  annotations?: Record<string, unknown>;
}

/** Keycloak's UserProfileMetadata. */
export interface ProfileMetadata {
  attributes: AttributeMetadata[];
  groups: GroupMetadata[];
}

/**
 * The profile as Keycloak's Admin API describes it: the attributes visible in the profile's
 * context (build it with `USER_API` for the admin endpoints) and every configured group.
 * Absent optional fields are left out, as Keycloak's JSON leaves out nulls.
 */
export function profileMetadata(profile: Profile): ProfileMetadata {
  const attributes = profile.attributes().map((a) => ({
    name: a.name,
    displayName: a.displayName,
    required: a.required,
    readOnly: a.readOnly,
    annotations: a.annotations,
    validators: a.validators,
    ...(a.group ? { group: a.group.name } : {}),
    multivalued: a.multivalued,
    ...(a.defaultValue !== null ? { defaultValue: a.defaultValue } : {}),
  }));
  const groups = profile.groups.map((g) => ({
    name: g.name,
    ...(g.displayHeader !== undefined ? { displayHeader: g.displayHeader } : {}),
    ...(g.displayDescription !== undefined ? { displayDescription: g.displayDescription } : {}),
    ...(g.annotations !== undefined ? { annotations: g.annotations } : {}),
  }));
  return { attributes, groups };
}
