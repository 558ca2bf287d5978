import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Attributes, RealmRecord } from '../../storage/ports.ts';
import { parseProfileConfig, PROFILE_PROVIDER_ID, PROFILE_PROVIDER_TYPE, profileConfigJson } from './config-store.ts';
import { validateProfileConfig } from './config-validation.ts';
import type { UPConfig } from './model.ts';
import { buildProfile } from './profile.ts';
import { repoRoot } from '../../../test/support/repo-root.ts';

interface Export {
  id: string;
  realm: string;
  components?: Record<string, { providerId: string; config: Attributes }[]>;
  [setting: string]: unknown;
}

/** A real realm export and the user profile stored in its components. */
function loadExport(file: string): { realm: RealmRecord; config: UPConfig } {
  const data = JSON.parse(readFileSync(join(repoRoot, '..', 'shared', 'fixtures', 'keycloak-realms', file), 'utf8')) as Export;
  const component = data.components?.[PROFILE_PROVIDER_TYPE]?.find((c) => c.providerId === PROFILE_PROVIDER_ID);
  const json = component && profileConfigJson(component.config);
  assert.ok(json, `${file} carries a user profile`);
  return { realm: { id: data.id, name: data.realm, enabled: true, settings: data, createdAt: 0 }, config: parseProfileConfig(json, data.realm) };
}

describe("HappyPaws' exported profile (email as username, pattern validators with their own messages)", () => {
  const { realm, config } = loadExport('3Big-Projet3-2024-2025__7-ToutouApp__happypaws-realm-export.json');
  const registration = () => buildProfile({ config, realm, context: 'REGISTRATION' });
  const marie = { email: 'Marie@Example.be', firstName: 'Marie', lastName: 'Dupont', country: 'Belgique', City: 'Liège', street: '12 Rue de la Paix', Postal_code: '4000' };

  it('is a configuration Gatehouse accepts', () => {
    assert.deepEqual(validateProfileConfig(config), []);
  });

  it('signs Marie up with her email as username and her address as attributes', () => {
    const { errors, values } = registration().validate(marie);
    assert.deepEqual(errors, {});
    assert.equal(values.username, 'marie@example.be');
    assert.deepEqual(values.attributes, { country: ['Belgique'], City: ['Liège'], street: ['12 Rue de la Paix'], Postal_code: ['4000'] });
  });

  it("shows the realm's own messages for a bad postal code and country, and requires the city", () => {
    const { errors } = registration().validate({ ...marie, Postal_code: '40000', country: 'B3lgium', City: '' });
    assert.deepEqual(errors.Postal_code, [{ key: 'Invalid Postal_Code', params: ['Postal_code', '^\\d{4}$'] }]);
    assert.equal(errors.country?.[0]?.key, 'Invalid Country');
    assert.deepEqual(errors.City, [{ key: 'error-user-attribute-required', params: ['City'] }]);
  });

  it('offers no username field on the register page', () => {
    assert.deepEqual(registration().attributes().map((a) => a.name), ['firstName', 'lastName', 'email', 'country', 'City', 'street', 'Postal_code']);
  });
});

describe("the EUDI PID issuer's exported profile (options, iso-date, groups)", () => {
  const { realm, config } = loadExport('eu-digital-identity-wallet__eudi-srv-pid-issuer__pid-issuer-realm-realm.json');
  const registration = () => buildProfile({ config, realm, context: 'REGISTRATION' });
  const jean = { username: 'jdupont', firstName: 'Jean', lastName: 'Dupont', nationality: 'FR', gender: '1', birthdate: '1990-05-17' };

  it('is a configuration Gatehouse accepts', () => {
    assert.deepEqual(validateProfileConfig(config), []);
  });

  it('registers Jean without an email, which this realm does not require', () => {
    const { errors, values } = registration().validate(jean);
    assert.deepEqual(errors, {});
    assert.deepEqual(values.attributes.gender, ['1']);
    assert.deepEqual(values.attributes.birthdate, ['1990-05-17']);
    assert.equal(values.email, null);
  });

  it('refuses a gender outside the options, a non-ISO birthdate and a missing nationality', () => {
    const { errors } = registration().validate({ ...jean, gender: '7', birthdate: '17/05/1990', nationality: '' });
    assert.deepEqual(errors, {
      gender: [{ key: 'error-invalid-value', params: ['gender'] }],
      birthdate: [{ key: 'error-invalid-date', params: ['birthdate', '17/05/1990'] }],
      nationality: [{ key: 'error-user-attribute-required', params: ['nationality'] }],
    });
  });

  it('gives the register page its groups and option labels', () => {
    const gender = registration().attributes().find((a) => a.name === 'gender')!;
    assert.equal(gender.group?.displayHeader, 'Profile');
    assert.equal(gender.annotations.inputType, 'select-radiobuttons');
    assert.deepEqual(gender.validators.options, { options: ['0', '1', '2', '3', '4', '5', '6', '9'] });
  });
});
