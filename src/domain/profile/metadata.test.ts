import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileMetadata } from './metadata.ts';
import { defaultProfileConfig } from './model.ts';
import { buildProfile } from './profile.ts';

describe('the Admin API profile metadata', () => {
  it("describes the default profile as Keycloak's GET /users/profile/metadata does", () => {
    const realm = { id: 'r', name: 'shop', enabled: true, settings: {}, createdAt: 0 };
    const metadata = profileMetadata(buildProfile({ config: defaultProfileConfig(), realm, context: 'USER_API' }));
    assert.deepEqual(metadata.attributes[0], {
      name: 'username',
      displayName: '${username}',
      required: true,
      readOnly: false,
      annotations: {},
      validators: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} },
      multivalued: false,
    });
    // The default requires names of users, not of admins creating them.
    assert.deepEqual(metadata.attributes.map((a) => [a.name, a.required]), [['username', true], ['email', false], ['firstName', false], ['lastName', false]]);
    assert.deepEqual(metadata.groups, [{ name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' }]);
  });

  it('names the group of a grouped attribute and shows its default value', () => {
    const config = defaultProfileConfig();
    config.attributes.push({ name: 'lang', group: 'user-metadata', defaultValue: 'en', permissions: { view: ['admin'], edit: ['admin'] } });
    const realm = { id: 'r', name: 'shop', enabled: true, settings: {}, createdAt: 0 };
    const lang = profileMetadata(buildProfile({ config, realm, context: 'USER_API' })).attributes.at(-1)!;
    assert.deepEqual([lang.group, lang.defaultValue], ['user-metadata', 'en']);
  });
});
