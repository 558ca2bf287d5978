import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinStepList, providerDescriptions } from './registry.ts';

const kindOf = { authenticator: 'authenticator', condition: 'authenticator', 'form-page': 'form', 'form-action': 'form-action' } as const;

describe('provider descriptions', () => {
  it('describe every step Gatehouse runs, under the listing its kind belongs to', () => {
    for (const step of builtinStepList) {
      const described = providerDescriptions.get(step.id);
      assert.ok(described, `${step.id} has a description`);
      assert.equal(described.kind, kindOf[step.kind], step.id);
      assert.ok(described.displayName.trim() !== '' && described.description.trim() !== '', step.id);
      assert.ok(described.requirementChoices.length > 0, step.id);
    }
  });

  it('give every configuration property a name, label and type', () => {
    for (const [id, described] of providerDescriptions) {
      for (const property of described.properties) assert.ok(property.name && property.label && property.type, `${id}.${property.name}`);
    }
  });
});
